"""The term change (换届) in a browser, on a phone (375 px) and at a desk (1366 px): staff untick
the members who leave, read the confirmation page listing who stays and who leaves, tick the
required box and confirm; the new term is open and the old term's proposal reads as
read-only (本届已换届，记录只读) with no action offered."""

from datetime import timedelta
from pathlib import Path

import pytest

from cppcc_portal.accounts.roles import Role
from members.models import Member, Session, Term
from tests.browser import click_and_wait
from tests.factories import MemberFactory
from tests.members.term_helpers import NEW_START, old_term_with_session
from tests.proposals.factories import ProposalFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

VIEWPORTS = {
    "phone": {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True},
    "desk": {"viewport": {"width": 1366, "height": 768}},
}


def _fits(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("device", VIEWPORTS, ids=list(VIEWPORTS))
def test_staff_hand_over_the_term_and_the_old_proposal_is_read_only(
    live_server, browser, login_page, make_user, device
):
    url = live_server.url
    width = VIEWPORTS[device]["viewport"]["width"]
    old = old_term_with_session()
    stays = [MemberFactory(name=f"连任委员{i}") for i in range(2)]
    leaves = MemberFactory(name="离任委员")
    for m in (*stays, leaves):
        m.terms.add(old)
    proposal = ProposalFactory(
        session=Session.objects.get(term=old), first_proposer=stays[0], status="submitted"
    )
    staff = make_user(Role.PROPOSAL_STAFF)  # proposal staff may change the term (and review)

    context = browser.new_context(locale="zh-CN", **VIEWPORTS[device])
    page = context.new_page()
    try:
        login_page(page, staff)
        # before the change the proposal offers its review
        page.goto(f"{url}/proposals/{proposal.pk}/")
        assert page.locator("#actions-h").count() == 1
        assert page.locator("#read-only-notice").count() == 0

        page.goto(f"{url}/members/term-change/")
        _fits(page, width)
        boxes = page.locator("input[name=reappointed]")
        assert boxes.count() == 3
        assert all(boxes.nth(i).is_checked() for i in range(3))  # all ticked at first
        page.fill("#id_name", "第三届")
        page.fill("#id_start_date", NEW_START.isoformat())
        page.fill("#id_end_date", NEW_START.replace(year=NEW_START.year + 5).isoformat())
        page.fill("#id_session_name", "三届一次会议")
        page.fill("#id_session_year", str(NEW_START.year))
        page.fill("#id_session_start", NEW_START.isoformat())
        page.fill("#id_session_end", (NEW_START + timedelta(days=3)).isoformat())
        page.fill("#id_window_start", NEW_START.isoformat())
        page.fill("#id_window_end", (NEW_START + timedelta(days=2)).isoformat())
        page.locator(f"input[name=reappointed][value='{leaves.pk}']").uncheck()
        click_and_wait(page, "button:has-text('核对换届信息')")

        # the confirmation page: who stays, who leaves; nothing written yet
        assert page.locator("form.term-change-confirm").count() == 1
        carried = page.locator(".term-carried").inner_text()
        assert all(m.name in carried for m in stays) and "离任委员" not in carried
        assert "离任委员" in page.locator(".term-leaving").inner_text()
        _fits(page, width)
        assert not Term.objects.filter(number=3).exists()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"term-change-confirm-{width}.png"), full_page=True)

        # confirming without the tick is refused next to the box
        click_and_wait(page, "button:has-text('开启新一届')")
        assert page.locator("#id_confirmed.is-invalid, .invalid-feedback").count() >= 1
        assert not Term.objects.filter(number=3).exists()
        page.check("#id_confirmed")
        click_and_wait(page, "button:has-text('开启新一届')")
        assert "第三届" in page.content()

        new = Term.objects.get(number=3)
        assert new.is_current and Term.objects.get(pk=old.pk).closed_at is not None
        assert Member.objects.get(pk=leaves.pk).status == Member.Status.LEFT
        assert all(m.terms.filter(pk=new.pk).exists() for m in stays)

        # the old term's proposal: read-only, said so, no action offered
        page.goto(f"{url}/proposals/{proposal.pk}/")
        notice = page.locator("#read-only-notice")
        assert notice.inner_text().strip() == "本届已换届，记录只读"
        assert page.locator("#actions-h").count() == 0
        assert page.locator("form[action*='/act/']").count() == 0
        _fits(page, width)
        page.screenshot(path=str(ARTIFACTS / f"term-closed-proposal-{width}.png"))
    finally:
        context.close()
