"""The proposal office as it really works, in a browser, desktop and 375 px (issue 17): staff
enter a paper proposal with two paper co-signers → register → assign a lead and a co-unit →
the lead drafts (on a phone), the co-unit countersigns with a view, staff change B to A with a
reason → released → staff record the member's paper 不满意 with its reason → the rehandling
reply needs a new consultation → second reply, countersigned, released → the member
evaluates online on a phone → closed."""

from pathlib import Path

import pytest
from django.utils import timezone

from cppcc_portal.accounts.roles import Role
from proposals.models import Countersign, Evaluation, Proposal, ProposalCategory, Reply
from tests.browser import click_and_wait, pick
from tests.factories import MemberFactory

from .factories import PNG, HandlingUnitFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TITLE = "关于加快老旧小区加装电梯的建议"


@pytest.fixture
def cast(make_user, member_user, session):
    ProposalCategory.objects.get_or_create(name="社会建设", defaults={"order": 3})
    for name in ("李联名", "张联名"):
        MemberFactory(name=name)  # they signed the paper; one never logs in
    staff = make_user(Role.PROPOSAL_STAFF, first_name="提案", last_name="干事")
    lead_liaison, co_liaison = make_user(Role.UNIT_LIAISON), make_user(Role.UNIT_LIAISON)
    HandlingUnitFactory(name="区住房和城乡建设委").liaisons.add(lead_liaison)
    HandlingUnitFactory(name="区财政局").liaisons.add(co_liaison)
    return {
        "member": member_user,
        "staff": staff,
        "lead": lead_liaison,
        "co": co_liaison,
        "session": session,
    }


def _desktop(browser, login_page, user):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    login_page(page, user)
    return context, page


def _phone(browser, login_page, user):
    context = browser.new_context(
        viewport={"width": 375, "height": 740},
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
    )
    page = context.new_page()
    login_page(page, user)
    return context, page


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def _act(page, action):
    click_and_wait(page, f"form[data-action={action}] button[type=submit]")


def _status():
    return Proposal.objects.get().status


def _reply(page, result, text, document):
    page.select_option("select[name=reply-result]", result)
    page.fill("textarea[name=reply-text]", text)
    page.fill("input[name=reply-signer]", "李主任")
    page.set_input_files("input[name=reply-document]", str(document))
    _act(page, "reply")


def _countersign(browser, login_page, cast, url, *, view=""):
    ctx, page = _desktop(browser, login_page, cast["co"])
    page.goto(url)
    page.check(f"input[name=countersign-decision][value={'view' if view else 'agree'}]")
    if view:
        page.fill("textarea[name=countersign-view]", view)
    _act(page, "countersign")
    ctx.close()


def test_the_paper_proposal_through_the_office(browser, live_server, login_page, cast, tmp_path):
    base = live_server.url
    session = cast["session"]
    scan, document = tmp_path / "提案表.png", tmp_path / "答复函.png"
    scan.write_bytes(PNG)
    document.write_bytes(PNG)

    # 1. Staff, at the desk, enter the paper form handed in during the plenary window.
    ctx, page = _desktop(browser, login_page, cast["staff"])
    page.goto(f"{base}/proposals/enter/")
    pick(page, "#id_first_proposer", "王委员")
    page.fill("#id_handed_in_on", session.proposal_window_start.isoformat())
    page.fill("#id_title", TITLE)
    page.select_option("#id_category", label="社会建设")
    page.fill("#id_analysis", "老旧小区多为六层以下住宅，老年人上下楼困难。")
    page.fill("#id_suggestions", "一是简化审批流程；二是设立专项补贴。")
    pick(page, "#id_cosigners", "李联名")
    pick(page, "#id_cosigners", "张联名")
    page.set_input_files("#id_scan", str(scan))
    click_and_wait(page, "#paper-form button[type=submit]")
    p = Proposal.objects.get()
    assert (p.status, p.is_plenary, p.kind) == ("submitted", True, "joint")
    assert "代录入" in page.locator("#paper-entry").inner_text()
    assert page.locator("[data-event=enter_on_paper]").count() == 1
    assert set(p.cosigners.values_list("on_paper", "state")) == {(True, "confirmed")}

    # 2. … register it and assign the lead unit and a co-unit.
    _act(page, "register")
    pick(page, "select[name=assign-lead]", "区住房和城乡建设委")
    pick(page, "select[name=assign-co_units]", "区财政局")
    _act(page, "assign")
    ctx.close()
    assert _status() == "assigned"
    detail = f"{base}/proposals/{p.pk}/"

    # 3. The lead unit's liaison, on a phone: signs for it, talks with the member, drafts (B).
    ctx, phone = _phone(browser, login_page, cast["lead"])
    phone.goto(detail)
    _act(phone, "sign_for")
    phone.select_option("select[name=communicate-method]", "visit")
    phone.fill("textarea[name=communicate-summary]", "上门走访提案人。")
    _act(phone, "communicate")
    _reply(phone, "B", "已列入明年改造计划。", document)
    _fits(phone)
    ctx.close()
    assert Reply.objects.get().status == "countersigning" and _status() == "handling"

    # 4. The co-unit countersigns with a view kept on the record.
    _countersign(browser, login_page, cast, detail, view="补贴资金由区财政统筹安排。")
    assert Countersign.objects.get().view == "补贴资金由区财政统筹安排。"

    # 5. Staff review it: B becomes A, with the reason; released to the proposers.
    ctx, page = _desktop(browser, login_page, cast["staff"])
    page.goto(f"{base}/proposals/review/")
    click_and_wait(page, "#drafts-to-review a")
    page.check("input[name=review_reply-decision][value=release]")
    page.select_option("select[name=review_reply-result]", "A")
    page.fill("textarea[name=review_reply-reason]", "首批电梯已开工，问题基本解决。")
    _act(page, "review_reply")
    assert _status() == "replied"
    assert page.locator("[data-result-changed]").count() == 1

    # 6. … and record the member's paper evaluation: 不满意, with its reason.
    pick(page, "select[name=record_evaluation-member]", "王委员")
    page.select_option("select[name=record_evaluation-channel]", "paper")
    page.fill("input[name=record_evaluation-received_on]", timezone.localdate().isoformat())
    page.check("input[name=record_evaluation-satisfaction][value=unsatisfied]")
    page.select_option("select[name=record_evaluation-score_before]", "3")
    page.select_option("select[name=record_evaluation-score_during]", "2")
    page.select_option("select[name=record_evaluation-score_reply]", "2")
    _act(page, "record_evaluation")  # no reason yet: refused next to the field
    assert page.locator("#act-record_evaluation .invalid-feedback").count() >= 1
    assert _status() == "replied"
    page.check("input[name=record_evaluation-satisfaction][value=unsatisfied]")
    page.fill("textarea[name=record_evaluation-comment]", "加装进度慢，补贴标准不明确。")
    _act(page, "record_evaluation")
    ctx.close()
    assert _status() == "rehandling"
    ev = Evaluation.objects.get()
    assert (ev.channel, ev.recorded_by, ev.comment) == (
        "paper",
        cast["staff"],
        "加装进度慢，补贴标准不明确。",
    )

    # 7. The rehandling reply needs a new consultation: refused, then talked, then drafted.
    ctx, phone = _phone(browser, login_page, cast["lead"])
    phone.goto(detail)
    _reply(phone, "A", "已明确补贴标准。", document)
    assert "沟通" in phone.locator(".alert-danger").first.inner_text()
    assert Reply.objects.filter(round=2).count() == 0
    phone.select_option("select[name=communicate-method]", "phone")
    phone.fill("textarea[name=communicate-summary]", "电话沟通补贴标准。")
    _act(phone, "communicate")
    _reply(phone, "A", "已明确补贴标准，本年完成十部电梯。", document)
    _fits(phone)
    ctx.close()
    _countersign(browser, login_page, cast, detail)
    ctx, page = _desktop(browser, login_page, cast["staff"])
    page.goto(detail)
    page.check("input[name=review_reply-decision][value=release]")
    _act(page, "review_reply")
    ctx.close()
    assert _status() == "replied"

    # 8. The member, on a phone, evaluates online; every sub-score chosen; closed.
    ctx, phone = _phone(browser, login_page, cast["member"])
    phone.goto(detail)
    phone.check("input[name=evaluate-satisfaction][value=satisfied]")
    # the sub-scores left out: the form will not go (an empty choice, required), not assumed
    phone.locator("form[data-action=evaluate] button[type=submit]").click()
    assert phone.locator("select[name=evaluate-score_before]:invalid").count() == 1
    assert _status() == "replied"
    for name, score in (("score_before", "5"), ("score_during", "4"), ("score_reply", "4")):
        phone.select_option(f"select[name=evaluate-{name}]", score)
    _act(phone, "evaluate")
    assert _status() == "closed"
    steps = phone.locator("#timeline li").evaluate_all("items => items.map(li => li.dataset.event)")
    for step in ("enter_on_paper", "evaluation_recorded", "rehandle", "reply_released", "close"):
        assert step in steps, (step, steps)
    assert "countersign" not in steps  # the sign-off stays inside the office
    _fits(phone)
    ARTIFACTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "office-journey-member-phone.png"), full_page=True)
    ctx.close()
    assert list(Reply.objects.order_by("round").values_list("round", "result", "status")) == [
        (1, "A", "released"),
        (2, "A", "released"),
    ]
