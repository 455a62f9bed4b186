"""The journey: a deadline nears, the scanner reminds the unit liaison, who reads it on a phone
and asks for SMS from now on; staff see the deadline in the portal-wide view."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cppcc_portal.notifications import reminders, services
from cppcc_portal.notifications.models import NotificationPreference
from tests.browser import open_menu

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_liaison_is_reminded_and_reads_it_on_a_phone(
    live_server, phone_page, page, login_page, make_user
):
    liaison = make_user("unit_liaison", first_name="赵芳")
    staff = make_user("proposal_staff", first_name="刘晓东")
    today = timezone.localdate()
    services.open_deadline(
        target=staff,
        duty="proposal.lead_reply",
        due_on=today + timedelta(days=7),
        responsible=[liaison],
        title="关于改善学校食堂管理的建议",
        url="/",
        unit_id=2,
        unit_name="区教育局",
    )
    reminders.scan()

    p = login_page(phone_page, liaison)
    open_menu(p)
    assert p.locator("#notification-bell [data-unread-count]").inner_text() == "1"
    p.click("#notification-bell a")
    p.wait_for_url(f"{live_server.url}/notifications/")
    row = p.locator(".notification-unread").first
    assert "关于改善学校食堂管理的建议" in row.inner_text()
    row.locator("button[type=submit]").click()  # htmx: the row and the bell update in place
    p.locator(".notification-unread").wait_for(state="detached")
    assert p.locator("#notification-bell [data-unread-count]").count() == 0
    assert p.evaluate("document.documentElement.scrollWidth") <= 375

    p.goto(f"{live_server.url}/accounts/profile/")
    p.click("a[href='/notifications/preferences/']")
    p.check("input[name=sms]")
    p.fill("input[name=phone]", "13912345678")
    p.click("main form button[type=submit]")
    p.wait_for_url(f"{live_server.url}/notifications/preferences/")
    assert NotificationPreference.objects.get(user=liaison).sms

    s = login_page(page, staff)
    s.goto(f"{live_server.url}/notifications/deadlines/")
    assert "关于改善学校食堂管理的建议" in s.content() and "赵芳" in s.content()
