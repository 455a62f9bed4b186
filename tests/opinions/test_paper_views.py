"""The paper-entry page (代录入): staff only, bad input answered next to the field in Chinese,
never a 500; and the browser journey of staff entering a paper report (375 px and desktop)."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cppcc_portal.accounts.roles import Role
from cppcc_portal.notifications.models import Notification
from opinions.models import Report
from tests.browser import click_and_wait

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def _post(who, **over):
    data = {
        "member": who.pk,
        "handed_in_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "submitter_kind": "member",
        "title": "关于规范电动自行车充电的建议",
        "problem": "老旧小区电动自行车飞线充电多，火灾隐患大。",
        "suggestion": "一是建设集中充电桩；二是加强巡查。",
        "scan": SimpleUploadedFile("扫描件.png", PNG, content_type="image/png"),
    }
    data.update(over)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.django_db
def test_staff_enter_a_paper_report_through_the_page(staff, member, client_for):
    client = client_for(staff)
    page = client.get(reverse("opinions:enter"))
    assert page.status_code == 200 and 'id="paper-form"' in page.content.decode()
    response = client.post(reverse("opinions:enter"), _post(member))
    report = Report.objects.get()
    assert response.status_code == 302 and response.url == report.get_absolute_url()
    assert report.on_paper and report.attachments.get().is_paper_scan
    detail = client.get(report.get_absolute_url()).content.decode()
    assert 'id="paper-entry"' in detail and "代录入" in detail and "data-paper-scan" in detail


@pytest.mark.django_db
@pytest.mark.parametrize(
    "over, field, word",
    [
        ({"scan": None}, "scan", ""),
        (
            {"handed_in_on": (timezone.localdate() + timedelta(days=2)).isoformat()},
            "handed_in_on",
            "递交",
        ),
        ({"handed_in_on": "2026-13-45"}, "handed_in_on", ""),
        ({"member": "99999999"}, "member", ""),
        ({"member": "1 OR 1=1"}, "member", ""),
        ({"suggestion": ""}, "suggestion", ""),
        ({"title": "标\x00题"}, "title", ""),
        ({"submitter_kind": "<script>"}, "submitter_kind", ""),
        ({"problem": "长" * 3100}, "problem", "1500"),
        (
            {"scan": SimpleUploadedFile("x.exe", b"MZ\x90\x00", content_type="image/png")},
            "scan",
            "",
        ),
    ],
)
def test_bad_input_is_refused_next_to_the_field(staff, member, client_for, over, field, word):
    response = client_for(staff).post(reverse("opinions:enter"), _post(member, **over))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors and all(re.search("[\u4e00-\u9fff]", e) for e in errors[field])
    assert word in " ".join(errors[field])
    assert not Report.objects.exists()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [375, 1280])
def test_staff_enter_a_paper_report_in_the_browser(
    browser, live_server, login_page, make_user, member_user, member, width, tmp_path
):
    scan = tmp_path / "社情民意扫描件.png"
    scan.write_bytes(PNG)
    staff = make_user(Role.OPINION_STAFF, first_name="张敏")
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    page = login_page(context.new_page(), staff)
    page.goto(f"{live_server.url}/opinions/desk/")
    click_and_wait(page, "a[href='/opinions/enter/']")
    if width == 375:
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.select_option("#id_member", label=member.name)
    page.fill(
        "#id_handed_in_on", (timezone.localdate() + timedelta(days=2)).isoformat()
    )  # a slip of the pen
    page.fill("#id_title", "关于规范电动自行车充电的建议")
    page.fill("#id_problem", "老旧小区电动自行车飞线充电多，火灾隐患大。")
    page.fill("#id_suggestion", "一是建设集中充电桩；二是加强巡查。")
    page.set_input_files("#id_scan", str(scan))
    click_and_wait(page, "#paper-form button[type=submit]")
    # refused next to the field, in Chinese; what was typed is kept
    assert (
        "递交日期"
        in page.locator(
            "#id_handed_in_on ~ .invalid-feedback, .invalid-feedback"
        ).first.inner_text()
    )
    assert page.locator("#id_title").input_value() == "关于规范电动自行车充电的建议"
    assert not Report.objects.exists()
    page.fill("#id_handed_in_on", (timezone.localdate() - timedelta(days=2)).isoformat())
    page.set_input_files("#id_scan", str(scan))  # a browser never keeps a chosen file
    click_and_wait(page, "#paper-form button[type=submit]")
    report = Report.objects.get()
    assert page.url.endswith(report.get_absolute_url())
    assert "代录入" in page.locator("#paper-entry").inner_text()
    assert "张敏" in page.locator("#paper-entry").inner_text()
    assert page.locator("[data-paper-scan]").count() == 1
    if width == 375:
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()
    # the member sees it at once, told by a notification
    assert Notification.objects.filter(recipient=member_user, kind="opinion.entered_on_paper")
    phone = browser.new_context(viewport={"width": 375, "height": 740}, locale="zh-CN")
    mine = login_page(phone.new_page(), member_user)
    mine.goto(f"{live_server.url}/opinions/")
    assert "关于规范电动自行车充电的建议" in mine.content()
    phone.close()
