"""Issue 22's writing journey, all through the UI, on a 375 px phone and a 1366 px desk:
staff publish a suggested topic (提案参考选题); a member starts a draft from it, sees the
pre-review's findings in Chinese, fixes them, sees them gone and submits; staff register it
and assign the lead unit the history suggests, with the similar past proposals as the reason;
the lead unit's liaison asks in the proposal's conversation and the member answers. On every
page visited nothing is wider than the screen."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone

from cppcc_portal.accounts.roles import Role
from cppcc_portal.notifications.threads.models import ThreadMessage
from proposals.models import Assignment, Proposal, ProposalCategory, Topic, TopicProposal
from proposals.services.history import import_proposal
from proposals.tasks import retrain_suggestion
from tests.browser import click_and_wait, open_menu, pick
from tests.factories import MemberFactory, SessionFactory
from tests.proposals.factories import HandlingUnitFactory
from tests.proposals.test_prereview import GOOD

from .test_layout import OVERFLOWING

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "journey-writing"

TOPIC = "老旧小区加装电梯"
TITLE = f"关于{TOPIC}的提案"  # what starting a draft from the topic writes
QUESTION = "请问加装电梯的费用，您建议财政补贴和居民分摊各占多少？"
ANSWER = "建议每部电梯财政补贴20万元，其余由业主按楼层分摊。"


@pytest.fixture
def district(make_user, member_user, term):
    """This session and the last; proposal staff; three units, the housing one with a
    liaison; last session's proposals, assigned, for the suggestion to learn from."""
    today = timezone.localdate()
    session = SessionFactory(
        term=term,
        number=5,
        name="二届五次会议",
        year=today.year,
        start_date=date(today.year, 1, 8),
        end_date=date(today.year, 1, 12),
        proposal_window_start=date(today.year - 1, 12, 1),
        proposal_window_end=date(today.year, 1, 11),
    )
    past = SessionFactory(
        term=term,
        number=4,
        name="二届四次会议",
        year=today.year - 1,
        start_date=date(today.year - 1, 1, 8),
        end_date=date(today.year - 1, 1, 12),
        proposal_window_start=date(today.year - 2, 12, 9),
        proposal_window_end=date(today.year - 1, 1, 11),
    )
    category = ProposalCategory.objects.get_or_create(name="社会建设", defaults={"order": 3})[0]
    staff = make_user(Role.PROPOSAL_STAFF)
    liaison = make_user(Role.UNIT_LIAISON, first_name="", last_name="赵联络员")
    housing = HandlingUnitFactory(name="区住房和城乡建设委")
    housing.liaisons.add(liaison)
    planning = HandlingUnitFactory(name="区规划和自然资源局")
    education = HandlingUnitFactory(name="区教育局")
    proposer = MemberFactory(name="钱委员")
    proposer.terms.add(term)
    y = past.year
    for number, (title, lead, co) in enumerate(
        [
            ("关于加快老旧小区加装电梯的建议", housing, [planning]),
            ("关于完善老旧小区加装电梯长效机制的建议", housing, [planning]),
            ("关于优化城区老旧小区加装电梯工作的建议", housing, []),
            ("关于加强中小学课后服务的建议", education, []),
            ("关于完善中小学课后服务体系的建议", education, []),
        ],
        start=1,
    ):
        import_proposal(
            actor=staff,
            plan={
                "session": past.pk,
                "number": number,
                "kind": "individual",
                "is_plenary": True,
                "category": category.pk,
                "title": title,
                "analysis": "存在问题。",
                "suggestions": "一是加强统筹。",
                "organisation": "",
                "first_proposer": proposer.pk,
                "cosigners": [],
                "submitted_on": f"{y}-01-05",
                "registered_on": f"{y}-01-15",
                "assigned_on": f"{y}-02-01",
                "lead_unit": lead.pk,
                "co_units": [u.pk for u in co],
                "replied_on": "",
                "result": "",
                "reply_text": "",
                "signer": "",
                "satisfaction": "",
                "score_before": None,
                "score_during": None,
                "score_reply": None,
                "evaluation_comment": "",
                "evaluated_on": "",
            },
        )
    retrain_suggestion()
    return {
        "session": session,
        "category": category,
        "staff": staff,
        "member": member_user,
        "liaison": liaison,
        "housing": housing,
    }


def _context(browser, width):
    if width < 768:
        return browser.new_context(
            viewport={"width": width, "height": 740},
            is_mobile=True,
            has_touch=True,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
        )
    return browser.new_context(
        viewport={"width": width, "height": 900}, locale="zh-CN", timezone_id="Asia/Shanghai"
    )


def _fits(page, where):
    """Nothing on the page is wider than the screen: no sideways scroll. A screenshot lands in
    test-artifacts/journey-writing/ for a person to look at."""
    page.wait_for_load_state("networkidle")
    width = page.viewport_size["width"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"\W+", "-", where).strip("-")
    page.screenshot(path=str(ARTIFACTS / f"{width}-{name}.png"), full_page=True)
    fit = page.evaluate(OVERFLOWING)
    assert fit["scroll"] <= fit["width"] and not fit["bad"], (where, fit)


def _within_screen(page, selector, where):
    """The element is shown, and entirely within the screen's width."""
    box = page.locator(selector).first.bounding_box()
    width = page.evaluate("document.documentElement.clientWidth")
    assert box and box["width"] > 0 and box["x"] >= 0 and box["x"] + box["width"] <= width + 1, (
        where,
        box,
        width,
    )


def _menu(page, label):
    """Follow the menu entry `label` as a person would: on a phone through the ☰ menu (the
    sidebar for staff, the collapsed bar for members), on a desk directly."""
    if page.locator("#sidebar-toggle").is_visible():
        page.click("#sidebar-toggle")
        page.wait_for_selector("#sidebar.show")
        scope = "#sidebar"
    elif page.locator("button.navbar-toggler").is_visible():
        open_menu(page)
        scope = "#mainnav"
    else:
        scope = "#sidebar" if page.locator("#sidebar").count() else "#mainnav"
    with page.expect_navigation():
        page.locator(f"{scope} a.nav-link:has-text('{label}')").first.click()


def _alert(page):
    return " ".join(page.locator(".messages .alert").all_inner_texts())


def _thread(page):
    page.wait_for_selector("#thread [data-thread-form]")
    return page.locator("#thread")


def _send(page, text):
    page.fill("#thread [data-thread-form] textarea[name=body]", text)
    page.click("#thread [data-thread-form] button[type=submit]")
    page.wait_for_selector(f"#thread [data-body]:has-text('{text[:8]}')")


def _journey(browser, live_server, login_page, district, width):
    base = live_server.url
    staff, member, liaison = district["staff"], district["member"], district["liaison"]

    # 1. Staff publish a suggested topic in the catalogue.
    ctx = _context(browser, width)
    page = login_page(ctx.new_page(), staff)
    _menu(page, "提案参考选题")
    assert page.locator("h1").inner_text() == "提案参考选题"
    assert "暂无选题。" in page.inner_text("#topics")
    with page.expect_navigation():
        page.click("a:has-text('发布参考选题')")
    _fits(page, "topic form")
    page.select_option("#id_session", label="二届五次会议")
    page.fill("#id_title", TOPIC)
    page.fill("#id_description", "审批难、资金分摊难。")
    page.select_option("#id_category", label="社会建设")
    page.select_option("#id_source", value="government")
    page.fill("#id_source_label", "区政府工作报告")
    click_and_wait(page, "#topic-form button[type=submit]")
    assert "选题已发布。" in _alert(page)
    row = page.locator("#topics [data-topic]").first
    assert TOPIC in row.inner_text() and "区政府工作报告" in row.inner_text()
    assert "0件提案" in row.locator("[data-drew]").inner_text()
    _fits(page, "topic list (staff)")
    ctx.close()
    topic = Topic.objects.get()
    assert topic.is_published and topic.session == district["session"]

    # 2. The member opens the catalogue and starts a draft from the topic.
    ctx = _context(browser, width)
    page = login_page(ctx.new_page(), member)
    _menu(page, "提案参考选题")
    row = page.locator(f"#topics [data-topic='{topic.pk}']")
    assert TOPIC in row.inner_text() and "政府工作重点" in row.inner_text()
    assert row.locator("[data-drew]").count() == 0  # the counts are for staff
    _fits(page, "topic list (member)")
    _within_screen(page, "[data-start-topic]", "start button")
    click_and_wait(page, f"#topics [data-topic='{topic.pk}'] [data-start-topic]")
    assert "已根据选题创建草稿，请继续撰写。" in _alert(page)
    page.wait_for_url("**/edit/")
    assert page.input_value("#id_title") == TITLE
    assert page.input_value("#id_analysis") == "审批难、资金分摊难。"
    draft = TopicProposal.objects.get(topic=topic).proposal
    assert draft.status == Proposal.Status.DRAFT

    # … writes a thin draft: the pre-review finds the analysis short and the suggestion vague
    page.fill("#id_suggestions", "建议有关方面高度重视。")
    page.click("#prereview-button")
    page.wait_for_selector("#prereview [data-finding=vague]")
    panel = page.locator("#prereview [data-prereview]")
    text = panel.inner_text()
    assert "预审" in text and "仅供参考，不影响保存和提交" in text
    short = page.locator("#prereview [data-finding=too_short][data-field=analysis]")
    assert "情况分析（案据）" in short.inner_text() and "内容过短" in short.inner_text()
    vague = page.locator("#prereview [data-finding=vague]").first
    assert "只有“高度重视”之类的呼吁而没有具体措施" in vague.inner_text()
    assert "建议有关方面高度重视" in vague.inner_text()  # the words it means
    for selector in (
        "#prereview [data-finding=too_short][data-field=analysis]",
        "#prereview [data-finding=vague]",
    ):
        assert page.locator(selector).is_visible()
        _within_screen(page, selector, "finding")
    # the similar past proposals name their session once (二届四次会议第0001号)
    assert "二届四次会议第0001号" in page.inner_text("#proposal-form")
    assert "二届四次会议 二届四次会议" not in page.inner_text("#proposal-form")
    _fits(page, "draft with findings")

    # … fixes them and asks again: the findings are gone
    page.fill("#id_analysis", GOOD["analysis"])
    page.fill("#id_suggestions", GOOD["suggestions"])
    page.click("#prereview-button")
    page.wait_for_selector("#prereview [data-prereview-passed]")
    assert page.locator("#prereview [data-finding]").count() == 0
    assert "未发现问题" in page.inner_text("#prereview")
    _fits(page, "draft passed")
    _within_screen(page, "#proposal-form button[type=submit]", "save button")
    click_and_wait(page, "#proposal-form button[type=submit]")
    assert "草稿已保存。" in _alert(page)
    assert GOOD["suggestions"][:20] in page.inner_text("main")
    _fits(page, "draft saved")

    # … and submits it, answering the confirmation
    _within_screen(page, "form[data-action=submit] button[type=submit]", "submit button")
    questions = click_and_wait(page, "form[data-action=submit] button[type=submit]")
    assert questions and questions[0].startswith("提交提案？")
    assert "提案已提交。" in _alert(page)
    _fits(page, "submitted")
    ctx.close()
    draft.refresh_from_db()
    assert draft.status == Proposal.Status.SUBMITTED
    assert draft.suggestions == GOOD["suggestions"]

    # 3. Staff register it and assign the lead unit the history suggests.
    ctx = _context(browser, width)
    page = login_page(ctx.new_page(), staff)
    _menu(page, "提案参考选题")  # the catalogue counts the proposal the topic drew
    drew = page.locator(f"#topics [data-topic='{topic.pk}'] [data-drew]")
    assert drew.inner_text() == "1件提案（1件已起草）"
    _menu(page, "审查队列")
    assert TITLE in page.inner_text("main")
    with page.expect_navigation():
        page.locator(f"main a:has-text('{TITLE}')").first.click()
    _fits(page, "review (staff)")
    questions = click_and_wait(page, "form[data-action=register] button[type=submit]")
    assert questions and questions[0].startswith("予以立案？")
    assert "已立案。" in _alert(page)
    suggestion = page.locator("form[data-action=assign] [data-suggestion]")
    assert "据以往类似提案建议：" in suggestion.inner_text()
    assert "仅供参考，请在下方选择承办单位。" in suggestion.inner_text()
    suggested = suggestion.locator("[data-suggested-lead]").first
    assert suggested.inner_text() == "区住房和城乡建设委"
    # the reason: the similar past proposals and who handled them
    suggestion.locator("summary").click()
    assert "件类似提案" in suggestion.locator("summary").inner_text()
    sources = suggestion.locator("[data-suggestion-source]")
    sources.first.wait_for()
    reasons = sources.all_inner_texts()
    assert reasons and all("加装电梯" in r and "区住房和城乡建设委" in r for r in reasons[:3])
    assert not any("课后服务" in r for r in reasons[:3])
    _within_screen(page, "form[data-action=assign] [data-suggestion]", "suggestion")
    _fits(page, "assign form")
    pick(page, "select[name=assign-lead]", suggested.inner_text())
    questions = click_and_wait(page, "form[data-action=assign] button[type=submit]")
    assert questions and questions[0].startswith("交办？")
    assert "已交办。" in _alert(page)
    _fits(page, "assigned")
    ctx.close()
    lead = Assignment.objects.get(proposal=draft, role=Assignment.Role.LEAD)
    assert lead.unit == district["housing"]
    draft.refresh_from_db()
    assert draft.status == Proposal.Status.ASSIGNED

    # 4. The lead unit's liaison asks in the proposal's conversation …
    ctx = _context(browser, width)
    page = login_page(ctx.new_page(), liaison)
    _menu(page, "交办提案")
    with page.expect_navigation():
        page.locator(f"main a:has-text('{TITLE}')").first.click()
    assert "暂无留言。" in _thread(page).inner_text()
    _send(page, QUESTION)
    _fits(page, "thread (unit)")
    ctx.close()

    # … the member sees the question and answers …
    ctx = _context(browser, width)
    page = login_page(ctx.new_page(), member)
    if page.locator("button.navbar-toggler").is_visible():
        open_menu(page)
    with page.expect_navigation():
        page.click("#notification-bell a")
    told = page.locator(".notification-unread:has-text('的沟通中留言')")
    assert told.count() == 1
    assert "赵联络员（区住房和城乡建设委）" in told.inner_text() and TITLE in told.inner_text()
    assert QUESTION in told.inner_text()
    _fits(page, "notifications (member)")
    with page.expect_navigation():
        told.locator("a").first.click()
    assert page.url.endswith(
        f"/proposals/{draft.pk}/#thread-message-{ThreadMessage.objects.get().pk}"
    )
    thread = _thread(page)
    asked = thread.locator("[data-message]").first
    assert QUESTION in asked.inner_text() and "赵联络员" in asked.inner_text()
    _send(page, ANSWER)
    _within_screen(page, "#thread", "thread")
    _fits(page, "thread (member)")
    ctx.close()

    # … and the liaison sees the answer under the question.
    ctx = _context(browser, width)
    page = login_page(ctx.new_page(), liaison)
    page.goto(f"{base}/proposals/{draft.pk}/")
    bodies = _thread(page).locator("[data-body]").all_inner_texts()
    assert bodies == [QUESTION, ANSWER]
    assert "王委员" in page.locator("#thread [data-message]").last.inner_text()
    _fits(page, "thread answered (unit)")
    ctx.close()


@pytest.mark.parametrize("width", [375, 1366], ids=["phone", "desktop"])
def test_topic_to_draft_prereview_submit_suggested_assignment_and_thread(
    browser, live_server, login_page, district, width
):
    _journey(browser, live_server, login_page, district, width)
