"""The journey of issue 15 item 6: a deadline set in December 2026 falls in 2027, which has no
holiday notice yet; the unit liaison sees it as 暂定 on a phone; staff enter the 2027 notice in
the admin; the deadline moves, the liaison is told and sees the new date, staff see the old one."""

from datetime import date

import pytest
from playwright.sync_api import expect

from cppcc_portal.notifications import calendar, services, tasks

from .notice_fixtures import TABLE_2027

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_provisional_deadline_moves_when_staff_enter_the_notice(
    live_server, phone_page, page, login_page, make_user, no_notice_after_2026, monkeypatch
):
    # no worker here: run the recompute task in-process when it is enqueued
    monkeypatch.setattr(
        tasks.recompute_after_notice, "delay", lambda pk: tasks.recompute_after_notice.apply([pk])
    )
    liaison = make_user("unit_liaison", first_name="赵芳")
    staff = make_user("proposal_staff", first_name="刘晓东")
    services.open_deadline(
        target=staff,
        duty="proposal.unit_signfor",
        due_on=calendar.add_working_days(date(2027, 2, 3), 5),  # 2027-02-12 without the notice
        responsible=[liaison],
        title="关于改善学校食堂管理的建议",
        url="/",
        unit_id=2,
        unit_name="区教育局",
    )

    p = login_page(phone_page, liaison)
    item = p.locator("li", has_text="关于改善学校食堂管理的建议").first
    assert "2027-02-12" in item.inner_text() and "暂定" in item.inner_text()
    title = item.locator(".deadline-provisional").get_attribute("title")
    assert "2027年的国务院节假日安排通知尚未录入" in title  # desktop hover
    assert p.locator(".provisional-note").is_visible()  # a phone has no hover: said below
    assert p.evaluate("document.documentElement.scrollWidth") <= 375

    s = login_page(page, staff)
    s.goto(f"{live_server.url}/admin/notifications/holidaynotice/add/")
    s.fill("input[name=year]", "2027")
    s.fill("input[name=title]", "国务院办公厅关于2027年部分节假日安排的通知")
    s.fill("textarea[name=table]", TABLE_2027)
    s.click("input[name=_save]")
    s.wait_for_url(f"{live_server.url}/admin/notifications/holidaynotice/")
    assert "正在重新计算" in s.locator(".messagelist").inner_text()

    p.reload()
    item = p.locator("li", has_text="关于改善学校食堂管理的建议").first
    assert "2027-02-18" in item.inner_text() and "暂定" not in item.inner_text()
    expect(p.locator("#notification-bell [data-unread-count]")).to_have_text("1")

    s.goto(f"{live_server.url}/notifications/deadlines/")
    row = s.locator("tr", has_text="关于改善学校食堂管理的建议")
    assert "2027-02-18" in row.inner_text() and "原为 2027-02-12" in row.inner_text()
