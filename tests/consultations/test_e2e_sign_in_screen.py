"""The hall's sign-in screen in a browser at 1366 × 768 (a projector): the QR code and the code
on one screen without scrolling; a member on a phone who follows the QR code's address finds
the code filled in and signs in with one tap. Screenshot in test-artifacts/."""

from pathlib import Path

import pytest

from consultations.models import Attendance, Meeting
from cppcc_portal.accounts.roles import Role

from .factories import AttendanceFactory, MeetingFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_hall_screen_and_a_member_signing_in_from_its_qr_code(
    live_server, browser, phone_page, login_page, make_user, member_user
):
    meeting = MeetingFactory(
        kind=Meeting.Kind.STANDING, title="区政协常委会第十二次会议", sign_in_open=True
    )
    attendance = AttendanceFactory(meeting=meeting, member=member_user.member)

    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    login_page(page, make_user(Role.CONSULTATION_STAFF))
    page.goto(f"{live_server.url}/consultations/meetings/{meeting.pk}/sign-in/screen/")
    qr = page.locator("img.qr")
    code = page.locator("#sign-in-code")
    assert code.inner_text() == meeting.sign_in_code
    for element in (qr, code):  # both on the first screen, nothing to scroll
        box = element.bounding_box()
        assert box["y"] + box["height"] <= 768 and box["x"] + box["width"] <= 1366
    assert qr.bounding_box()["width"] >= 300  # readable from the hall's seats
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    assert page.locator("#fullscreen-toggle").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "meeting-sign-in-screen-1366.png"))
    scanned = qr.get_attribute("data-url").split("/consultations/", 1)[1]
    context.close()

    login_page(phone_page, member_user)
    phone_page.goto(f"{live_server.url}/consultations/{scanned}")
    assert phone_page.input_value("#sign-in-form input[name=code]") == meeting.sign_in_code
    attendance.refresh_from_db()
    assert attendance.status != Attendance.Status.ATTENDED  # opening the link signs nobody in
    with phone_page.expect_navigation():
        phone_page.locator("#sign-in-form button").tap()
    assert "签到成功" in phone_page.content()
    attendance.refresh_from_db()
    assert attendance.status == Attendance.Status.ATTENDED
    assert attendance.signed_in_by_code
