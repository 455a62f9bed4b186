"""The issue's journey in a browser: a resident on a phone → the station head converts the
opinion into a social-opinion report → the report is adopted → the resident sees "resolved"."""

import re

import pytest

from cppcc_portal.accounts.roles import Role
from tests.browser import open_fold
from tests.factories import MemberFactory, TermFactory

from .factories import AssignmentFactory, StationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_resident_opinion_converted_adopted_and_seen_resolved(
    live_server, phone_page, page, login_page, make_user, role_users
):
    from opinions import services as report_services
    from opinions.selectors import reports_for_source
    from stations.models import Opinion

    TermFactory()
    head_user = make_user(Role.STATION_MANAGER, first_name="站长")
    head = MemberFactory(user=head_user, name="李站长", phone="13811112222")
    station = StationFactory(name="杨村街委员联络站", head=head)
    AssignmentFactory(station=station, member=head)
    writer = AssignmentFactory(station=station, member=MemberFactory(name="赵委员")).member
    elsewhere = StationFactory(name="别的联络站")

    # 1. A resident, on a phone, finds the station in the public directory and leaves an opinion.
    phone = phone_page
    phone.goto(f"{live_server.url}/stations/public/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.click("text=杨村街委员联络站")
    html = phone.content()
    assert "李站长" in html and "赵委员" in html
    assert not re.search(r"1[3-9]\d{9}", html), "a phone number on the public page"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.select_option("#id_category", "urban")
    phone.fill("#id_content", "小区东门路灯坏了一个月，晚上老人出行很不安全，希望尽快修好。")
    phone.fill("#id_resident_contact", "13900001234")
    phone.click("button:has-text('提交')")
    code = phone.locator("#receipt-code").inner_text().strip()
    assert len(code) == 10
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375

    # 2. The station head logs in, finds it among the opinions to handle and converts it.
    login_page(page, head_user)
    page.goto(f"{live_server.url}/stations/opinions/")
    assert "别的联络站" not in page.content()
    response = page.goto(f"{live_server.url}/stations/{elsewhere.pk}/")
    assert response.status == 404  # a station head cannot even see another station
    page.goto(f"{live_server.url}/stations/opinions/")
    page.click(f"text={code}")
    assert "13900001234" not in page.content()  # masked outside staff
    open_fold(page, "转为社情民意信息")
    page.select_option("#id_convert_report-member", str(writer.pk))
    page.fill("#id_convert_report-title", "关于尽快修复杨村街小区路灯的建议")
    page.click("form[data-action=convert_report] button[type=submit]")
    page.wait_for_selector("[data-state=reported]")
    opinion = Opinion.objects.get(receipt_code=code)
    report = reports_for_source(opinion).get()
    assert report.member == writer

    # 3. Information staff adopt the report (their pages belong to the opinions part).
    report_services.start_editing(actor=role_users[Role.OPINION_STAFF], report=report)
    report_services.adopt_report(
        actor=role_users[Role.OPINION_STAFF], report=report, signed_off_by="王秘书长"
    )

    # 4. The resident looks the code up and sees the matter resolved.
    phone.goto(f"{live_server.url}/stations/public/lookup/")
    phone.fill("#id_code", code)
    phone.click("button:has-text('查询')")
    assert phone.locator("#public-status").inner_text().strip() == "已解决"
    assert "13900001234" not in phone.content()


def test_station_head_takes_the_steps_on_a_phone(live_server, phone_page, login_page, make_user):
    """The steps' folds on a 375 px screen: each opens when asked for, each step moves the
    opinion on and the page then offers the steps of the new state only."""
    from stations.models import Opinion

    from .factories import OpinionFactory

    TermFactory()
    head_user = make_user(Role.STATION_MANAGER, first_name="站长")
    head = MemberFactory(user=head_user, name="王站长")
    station = StationFactory(name="梅江街委员联络站", head=head)
    opinion = OpinionFactory(station=station, content="菜市场门口积水严重，雨天无法通行。")

    phone = phone_page
    login_page(phone, head_user)
    phone.goto(f"{live_server.url}/stations/opinions/{opinion.pk}/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert phone.locator("[data-action=close]").count() == 0  # not a step from "received"
    open_fold(phone, "开始办理")
    phone.fill("#id_start-note", "已联系社区")
    with phone.expect_navigation():
        phone.click("form[data-action=start] button[type=submit]")
    phone.wait_for_selector("[data-state=in_progress]")
    assert phone.locator("[data-action=start]").count() == 0
    assert not phone.locator("#id_resolve-result").is_visible()  # folded until asked for
    open_fold(phone, "当场解决")
    phone.wait_for_selector("#id_resolve-result", state="visible")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.fill("#id_resolve-result", "已疏通排水口")
    with phone.expect_navigation():
        phone.click("form[data-action=resolve] button[type=submit]")
    phone.wait_for_selector("[data-state=resolved]")
    assert Opinion.objects.get(pk=opinion.pk).result == "已疏通排水口"
    assert phone.locator("[data-action=close]").count() == 1
