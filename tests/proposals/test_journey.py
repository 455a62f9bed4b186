"""The issue's user journey in a real browser, across the member, two co-signers, staff
and the units: draft → co-signers confirm → register → assign lead + co-unit → sign, talk,
draft the reply (B) → the co-unit countersigns → staff release it → 不满意 with its reason →
rehandling → talk again, reply (A), countersigned, released → 满意 → closed, all on the
timeline."""

import pytest

from cppcc_portal.accounts.roles import Role
from proposals.models import Proposal, ProposalCategory
from tests.browser import click_and_wait, pick
from tests.factories import MemberFactory

from .factories import HandlingUnitFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cast(make_user, member_user, session):
    ProposalCategory.objects.get_or_create(name="社会建设", defaults={"order": 3})
    cosigners = []
    for name in ("李联名", "张联名"):
        user = make_user(Role.MEMBER)
        MemberFactory(user=user, name=name)
        cosigners.append(user)
    staff = make_user(Role.PROPOSAL_STAFF)
    liaison = make_user(Role.UNIT_LIAISON)
    lead = HandlingUnitFactory(name="区教育局")
    lead.liaisons.add(liaison)
    co = HandlingUnitFactory(name="区财政局")
    co_liaison = make_user(Role.UNIT_LIAISON)
    co.liaisons.add(co_liaison)
    return {
        "co_liaison": co_liaison,
        "member": member_user,
        "cosigners": cosigners,
        "staff": staff,
        "liaison": liaison,
        "lead": lead,
        "co": co,
    }


def _as(browser, login_page, user):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    login_page(page, user)
    return context, page


def _act(page, action):
    click_and_wait(page, f"form[data-action={action}] button[type=submit]")


def _scores(page, prefix, before="4", during="4", reply="3"):
    """Every sub-score is chosen: none is assumed."""
    page.select_option(f"select[name={prefix}-score_before]", before)
    page.select_option(f"select[name={prefix}-score_during]", during)
    page.select_option(f"select[name={prefix}-score_reply]", reply)


def _reply(page, result, text, document):
    page.select_option("select[name=reply-result]", result)
    page.fill("textarea[name=reply-text]", text)
    page.fill("input[name=reply-signer]", "王局长")
    page.set_input_files("input[name=reply-document]", str(document))
    _act(page, "reply")


def _countersign_and_release(browser, login_page, cast, base, pk):
    ctx, page = _as(browser, login_page, cast["co_liaison"])
    page.goto(f"{base}/proposals/{pk}/")
    page.check("input[name=countersign-decision][value=agree]")
    _act(page, "countersign")
    ctx.close()
    ctx, page = _as(browser, login_page, cast["staff"])
    page.goto(f"{base}/proposals/{pk}/")
    page.check("input[name=review_reply-decision][value=release]")
    _act(page, "review_reply")
    ctx.close()


def test_full_journey(browser, live_server, login_page, cast, tmp_path):
    base = live_server.url
    document = tmp_path / "答复函.png"
    document.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    # 1. The member writes a draft and invites two co-signers.
    ctx, page = _as(browser, login_page, cast["member"])
    page.goto(f"{base}/proposals/new/")
    page.fill("#id_title", "关于完善社区养老服务体系的建议")
    page.select_option("#id_category", label="社会建设")
    page.fill("#id_analysis", "我区老龄化加快，社区养老设施不足。")
    page.fill("#id_suggestions", "一是增加社区养老服务中心；二是完善运营补贴。")
    page.click("#proposal-form button[type=submit]")
    page.wait_for_url("**/edit/")
    p = Proposal.objects.get()
    for name in ("李联名", "张联名"):
        page.goto(f"{base}/proposals/{p.pk}/")
        pick(page, "select[name=invite-member]", name)
        _act(page, "invite")
    ctx.close()

    # 2. Both co-signers confirm from their home page.
    for user in cast["cosigners"]:
        ctx, page = _as(browser, login_page, user)
        page.goto(f"{base}/")
        click_and_wait(page, "form[action$='/confirm/'] button")
        ctx.close()
    assert set(p.cosigners.values_list("state", flat=True)) == {"confirmed"}

    # 3. The member submits.
    ctx, page = _as(browser, login_page, cast["member"])
    page.goto(f"{base}/proposals/{p.pk}/")
    _act(page, "submit")
    ctx.close()
    assert Proposal.objects.get().status == "submitted"

    # 4. Staff register it and assign a lead unit and a co-unit.
    ctx, page = _as(browser, login_page, cast["staff"])
    page.goto(f"{base}/proposals/review/")
    page.click("text=关于完善社区养老服务体系的建议")
    _act(page, "register")
    assert Proposal.objects.get().status == "registered"
    pick(page, "select[name=assign-lead]", "区教育局")
    pick(page, "select[name=assign-co_units]", "区财政局")
    _act(page, "assign")
    ctx.close()
    assert Proposal.objects.get().status == "assigned"

    # 5. The lead unit signs for it, records a talk with the proposer, replies (B).
    ctx, page = _as(browser, login_page, cast["liaison"])
    page.goto(f"{base}/proposals/unit/")
    page.click("text=关于完善社区养老服务体系的建议")
    _act(page, "sign_for")
    page.select_option("select[name=communicate-method]", "visit")
    page.fill("textarea[name=communicate-summary]", "上门走访提案人，沟通办理思路。")
    _act(page, "communicate")
    _reply(page, "B", "已列入明年建设计划。", document)
    errors = page.locator(".alert-danger, .invalid-feedback").all_inner_texts()
    ctx.close()
    assert Proposal.objects.get().status == "handling", errors
    _countersign_and_release(browser, login_page, cast, base, p.pk)
    assert Proposal.objects.get().status == "replied"

    # 6. The member is not satisfied: rehandling.
    ctx, page = _as(browser, login_page, cast["member"])
    page.goto(f"{base}/proposals/{p.pk}/")
    page.check("input[name=evaluate-satisfaction][value=unsatisfied]")
    _scores(page, "evaluate", "3", "3", "2")
    page.fill("textarea[name=evaluate-comment]", "尚未解决。")
    _act(page, "evaluate")
    ctx.close()
    assert Proposal.objects.get().status == "rehandling"

    # 7. The lead unit replies again (A).
    ctx, page = _as(browser, login_page, cast["liaison"])
    page.goto(f"{base}/proposals/{p.pk}/")
    page.select_option("select[name=communicate-method]", "meeting")
    page.fill("textarea[name=communicate-summary]", "重新办理前再次座谈沟通。")
    _act(page, "communicate")
    _reply(page, "A", "经重新办理，已建成两处社区养老服务中心。", document)
    ctx.close()
    _countersign_and_release(browser, login_page, cast, base, p.pk)
    assert Proposal.objects.get().status == "replied"

    # 8. The member is satisfied: closed, and the timeline shows every step.
    ctx, page = _as(browser, login_page, cast["member"])
    page.goto(f"{base}/proposals/{p.pk}/")
    page.check("input[name=evaluate-satisfaction][value=satisfied]")
    _scores(page, "evaluate", "5", "5", "5")
    _act(page, "evaluate")
    assert Proposal.objects.get().status == "closed"
    steps = page.locator("#timeline li").evaluate_all("items => items.map(li => li.dataset.event)")
    for step in (
        "create",
        "invite",
        "cosign_confirm",
        "submit",
        "register",
        "assign",
        "sign_for",
        "communicate",
        "reply_released",
        "reply",
        "rehandle",
        "close",
    ):
        assert step in steps, (step, steps)
    assert steps.count("reply") == 2
    assert "countersign" not in steps and "reply_drafted" not in steps  # sign-off: internal
    assert page.locator("#timeline").is_visible()
    ctx.close()
