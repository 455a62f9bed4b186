"""The co-signer picker in a browser, on a phone and on a laptop: the member types part of a
sector, picks the namesake of that sector, invites them; the one invited is not offered again."""

import pytest
from playwright.sync_api import expect

from members.models import Member
from proposals.models import CoSigner
from tests.browser import click_and_wait
from tests.factories import MemberFactory, SectorFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [375, 1366])
def test_member_finds_a_co_signer_by_sector_and_invites_them(
    browser, live_server, login_page, draft, member_user, term, width
):
    for sector in ("经济界", "教育界", "医药卫生界"):
        m = MemberFactory(name="李明", sector=SectorFactory(name=sector))
        m.terms.add(term)
    wanted = Member.objects.get(name="李明", sector__name="教育界")
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="zh-CN")
    page = login_page(context.new_page(), member_user)
    page.goto(f"{live_server.url}/proposals/{draft.pk}/")
    form = page.locator("form[data-action=invite]")
    if not form.is_visible():  # the accordion fold of the action, closed at first
        page.locator("button.accordion-button", has_text="邀请联名人").click()
    box = form.locator(".ts-control input")
    box.click()
    box.press_sequentially("教育", delay=50)
    option = form.locator(".ts-dropdown .option", has_text="李明")
    expect(option).to_have_count(1)
    assert option.inner_text() == f"李明（教育界 · {wanted.number}）"
    option.click()
    expect(form.locator(".ts-control .item")).to_have_text(f"李明（教育界 · {wanted.number}）")
    click_and_wait(page, "form[data-action=invite] button[type=submit]")
    assert CoSigner.objects.filter(proposal=draft, member=wanted).exists()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    offered = page.locator("form[data-action=invite] select[name='invite-member'] option")
    assert f"李明（教育界 · {wanted.number}）" not in offered.all_inner_texts()
    context.close()
