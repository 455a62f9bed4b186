"""The issue's journey in a browser: a leader on a phone opens the dashboard, changes the
year, taps a unit's overdue count and lands on exactly those proposals. Screenshots of the
dashboard (desktop and phone) go to test-artifacts/."""

from pathlib import Path

import pytest

from tests.dashboard.conftest import build

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_leader_on_phone_drills_down_to_a_units_overdue_proposals(
    live_server, phone_page, page, login_page, role_users, term
):
    ds = build(term)
    ARTIFACTS.mkdir(exist_ok=True)
    leader = role_users["leader"]

    # Desktop screenshot (and the large-screen one).
    login_page(page, leader)
    page.goto(f"{live_server.url}/dashboard/?year=2026")
    page.wait_for_selector("[data-chart=funnel] canvas")
    # The unit ranking is drawn as horizontal bars, one row per unit: its height follows them.
    page.wait_for_selector("[data-chart=units] canvas")
    assert page.locator("[data-chart=units]").bounding_box()["height"] >= 240
    page.screenshot(path=str(ARTIFACTS / "dashboard-desktop.png"), full_page=True)
    page.goto(f"{live_server.url}/dashboard/?year=2026&screen=1")
    page.wait_for_selector("[data-chart=funnel] canvas")
    assert not page.locator("nav.navbar").is_visible()
    page.screenshot(path=str(ARTIFACTS / "dashboard-screen.png"))

    # The phone journey.
    phone = phone_page
    login_page(phone, leader)
    phone.goto(f"{live_server.url}/dashboard/")
    phone.locator("#proposals [data-charts-toggle]").tap()  # the charts are folded on a phone
    phone.wait_for_selector("[data-chart=funnel] canvas")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "the dashboard must not scroll sideways on a phone"
    phone.screenshot(path=str(ARTIFACTS / "dashboard-phone.png"), full_page=True)

    phone.select_option("#scope-year", "2025")  # auto-submits (portal.js)
    phone.wait_for_url("**year=2025**")
    b_row = phone.locator(f'tr[data-unit="{ds.units["B"].pk}"]')
    assert b_row.locator(".unit-overdue").inner_text() == "1"
    phone.select_option("#scope-year", "2026")
    phone.wait_for_url("**year=2026**")
    b_row = phone.locator(f'tr[data-unit="{ds.units["B"].pk}"]')
    overdue = b_row.locator(".unit-overdue")
    assert overdue.inner_text() == "3"
    overdue.tap()
    phone.wait_for_url("**/proposals/?**overdue=on**")
    shown = set(
        phone.locator("a[href*='/proposals/']").evaluate_all(
            "els => els.map(e => e.getAttribute('href'))"
        )
    )
    expected = {f"/proposals/{ds.p[k].pk}/" for k in (12, 13, 14)}
    assert expected <= shown
    others = {f"/proposals/{p.pk}/" for k, p in ds.p.items() if k not in (12, 13, 14)}
    assert not (others & shown)
