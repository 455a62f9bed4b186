"""The disclosure journey in a browser: the member agrees on submitting (on a phone), staff
register and approve one proposal and refuse another with a reason, the unit replies; a
visitor without an account finds the approved proposal and its reply on the public pages —
at 375 px and on a desktop — with no personal data, and the refused one is not there."""

import re

import pytest

from proposals import services
from proposals.models import Proposal
from tests.browser import click_and_wait

from .public_fixtures import SECRETS, make_proposal, reply_to

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _act(page, action):
    click_and_wait(page, f"form[data-action={action}] button[type=submit]")


def _narrow(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_agree_approve_and_find_it_on_the_public_pages(
    live_server, browser, phone_page, login_page, member_user, staff, session, category, liaison
):
    from .factories import HandlingUnitFactory

    member = member_user.member
    member.phone, member.id_number = SECRETS["phone"], SECRETS["id_number"]
    member.save()
    unit = HandlingUnitFactory(name="区卫健委", phone=SECRETS["unit_phone"])
    unit.liaisons.add(liaison)
    draft = services.create_draft(
        actor=member_user,
        session=session,
        title="关于完善社区养老服务的建议",
        analysis="老龄化加快，社区养老设施不足。",
        suggestions="在每个街道增设养老驿站。",
        category=category,
    )
    args = {"member_user": member_user, "staff": staff, "session": session, "category": category}
    refused = make_proposal(title="关于老旧小区停车难的建议", **args)
    base = live_server.url

    # 1. The member, on a phone, agrees to disclosure on submitting.
    login_page(phone_page, member_user)
    phone_page.goto(f"{base}/proposals/{draft.pk}/")
    phone_page.check("input[name=submit-disclose]")
    _act(phone_page, "submit")
    draft = Proposal.objects.get(pk=draft.pk)
    assert draft.status == "submitted" and draft.is_public

    # 2. Staff register it and approve its disclosure; they refuse the other with a reason.
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    login_page(page, staff)
    page.goto(f"{base}/proposals/{draft.pk}/")
    _act(page, "register")
    page.check("input[name=review_disclosure-decision][value=approve]")
    _act(page, "review_disclosure")
    assert Proposal.objects.get(pk=draft.pk).disclosure == "approved"
    assert "审核同意公开" in page.content()  # on the timeline
    page.goto(f"{base}/proposals/{refused.pk}/")
    page.check("input[name=review_disclosure-decision][value=refuse]")
    page.fill("textarea[name=review_disclosure-reason]", SECRETS["refusal"])
    _act(page, "review_disclosure")
    assert Proposal.objects.get(pk=refused.pk).disclosure == "refused"
    context.close()

    # 3. The unit replies (its own pages are tested elsewhere).
    reply_to(draft, staff=staff, unit=unit, liaison=liaison, text="复文：明年增设养老驿站五处")

    # 4. A visitor without an account: on a phone, then on a desktop.
    visitor = browser.new_context(viewport={"width": 375, "height": 740}, locale="zh-CN")
    desktop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    for ctx, narrow in ((visitor, True), (desktop, False)):
        p = ctx.new_page()
        p.goto(f"{base}/public/proposals/")
        html = p.content()
        assert "关于完善社区养老服务的建议" in html
        assert "关于老旧小区停车难的建议" not in html
        if narrow:
            _narrow(p)
        p.fill("input[name=q]", "养老")
        click_and_wait(p, "#public-filters button[type=submit]")
        p.click("text=关于完善社区养老服务的建议")
        p.wait_for_selector("#public-proposal")
        html = p.content()
        assert "复文：明年增设养老驿站五处" in html and "区卫健委" in html
        assert member.name in html and member.sector.name in html
        assert not re.search(r"1[3-9]\d{9}", html), "a phone number on the public page"
        for secret in SECRETS.values():
            assert secret not in html
        if narrow:
            _narrow(p)
        p.goto(f"{base}/public/figures/")
        p.wait_for_selector("#public-chart canvas")
        if narrow:
            _narrow(p)
        assert p.goto(f"{base}/public/proposals/{refused.pk}/").status == 404
        ctx.close()
