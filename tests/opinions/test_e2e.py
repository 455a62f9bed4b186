"""The issue's journey: a member submits from a phone → staff edit and adopt it into issue N →
forward it → record a city-level use and an instruction → the member sees the result, and the
duty ledger holds the points."""

import re

import pytest
from django.db.models import Sum

from cppcc_portal.accounts.roles import Role
from members.models import DutyKind, DutyRecord
from members.selectors import member_for
from opinions.models import Report

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_report_from_phone_to_leader_instruction(
    live_server, browser, phone_page, login_page, member_user, make_user, recipients
):
    url = live_server.url
    member = member_for(member_user)

    # 1. the member writes on a 375 px screen; the length count follows the typing
    page = login_page(phone_page, member_user)
    page.on("dialog", lambda dialog: dialog.accept())  # 提交 / 采用 ask first
    page.goto(f"{url}/opinions/new/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.fill("input[name=title]", "关于学校周边交通安全的建议")
    page.fill("textarea[name=problem]", "上下学高峰期学校周边交通拥堵，存在安全隐患。")
    page.fill("textarea[name=suggestion]", "建议增设护学岗和临时停车区。")
    count = page.locator("[data-count-value]")
    assert int(count.inner_text()) == len("上下学高峰期学校周边交通拥堵，存在安全隐患。") + len(
        "建议增设护学岗和临时停车区。"
    )
    page.click("button[name=submit]")
    page.wait_for_url(re.compile(r"/opinions/\d+/$"))
    report = Report.objects.get(member=member)
    assert report.state == "submitted"

    # 2. information staff edit it on the desk and adopt it into a new issue
    staff = make_user(Role.OPINION_STAFF, first_name="张敏")
    context = browser.new_context(locale="zh-CN")
    desk = login_page(context.new_page(), staff)
    desk.on("dialog", lambda dialog: dialog.accept())
    desk.goto(f"{url}/opinions/desk/")
    desk.click(f"a[href='/opinions/{report.pk}/review/']")
    desk.fill("input[name=title]", "学校周边交通安全问题亟待解决")
    desk.click("[data-review-form] button[type=submit]")
    desk.wait_for_url(f"{url}/opinions/{report.pk}/")
    assert desk.locator(".compare-edited ins").count() > 0  # the edit beside the original
    desk.fill("[data-adopt-form] input[name=signed_off_by]", "李秘书长")
    desk.fill("[data-adopt-form] textarea[name=note]", "已录用，谢谢。")
    desk.click("[data-adopt-form] button[type=submit]")
    desk.wait_for_selector("[data-issue]")
    report.refresh_from_db()
    assert report.state == "adopted" and report.issue.number == 1
    assert report.original_title == "关于学校周边交通安全的建议"

    # 3. forward it, then record a city-level use and a city leader's instruction
    desk.check("[data-forward-form] input[type=checkbox][value='%d']" % recipients[2].pk)
    desk.click("[data-forward-form] button[type=submit]")
    desk.wait_for_selector("[data-forwardings] >> text=市政协")
    desk.select_option("[data-use-form] select[name=level]", "city")
    desk.select_option("[data-use-form] select[name=kind]", "single")
    desk.fill("[data-use-form] input[name=used_by]", "市政协")
    desk.click("[data-use-form] button[type=submit]")
    desk.wait_for_selector("[data-uses] >> text=市政协")
    desk.fill("[data-instruction-form] input[name=leader_name]", "王副市长")
    desk.select_option("[data-instruction-form] select[name=level]", "city")
    desk.fill("[data-instruction-form] textarea[name=text]", "请市教委研究落实。")
    desk.click("[data-instruction-form] button[type=submit]")
    desk.wait_for_selector("[data-instructions] >> text=王副市长")
    context.close()

    # 4. the member sees the outcome on the phone
    page.goto(f"{url}/opinions/{report.pk}/")
    assert "第1期" in page.locator("[data-issue]").inner_text()
    assert "市政协" in page.locator("[data-forwardings]").inner_text()
    assert "市政协" in page.locator("[data-uses]").inner_text()
    assert "请市教委研究落实。" in page.locator("[data-instructions]").inner_text()
    assert "已录用，谢谢。" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # 5. and the duty ledger holds the points: adopted 1 + city use 5 + city instruction 10
    records = DutyRecord.objects.filter(member=member, voided_at__isnull=True)
    assert set(records.values_list("kind", flat=True)) == {
        DutyKind.OPINION_SUBMITTED,
        DutyKind.OPINION_ADOPTED,
        DutyKind.OPINION_USED_CITY,
        DutyKind.OPINION_INSTRUCTED_CITY,
    }
    assert records.aggregate(s=Sum("points"))["s"] == 16
