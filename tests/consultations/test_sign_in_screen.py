"""The hall's sign-in screen: the meeting's code and a QR code that leads an invited member to
their meeting page with the code filled in (who may open it: tests/consultations/matrix.py)."""

import base64
import re

import pytest
from django.test import override_settings

from consultations.models import Meeting
from cppcc_portal.accounts.roles import Role
from cppcc_portal.core.qr import qr_data_uri
from tests.consultations.factories import AttendanceFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@override_settings(SITE_URL="https://cppcc.example.gov.cn/")
def test_screen_shows_the_code_and_a_qr_code_of_the_members_page(client, make_user):
    meeting = MeetingFactory(
        kind=Meeting.Kind.STANDING, title="常委会第三次会议", sign_in_open=True
    )
    client.force_login(make_user(Role.CONSULTATION_STAFF))
    response = client.get(f"/consultations/meetings/{meeting.pk}/sign-in/screen/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "常委会第三次会议" in html
    assert f'id="sign-in-code">{meeting.sign_in_code}<' in html
    assert "签到已开放" in html
    url = f"https://cppcc.example.gov.cn/consultations/my/{meeting.pk}/?code={meeting.sign_in_code}"
    uri = re.search(r'class="qr" src="([^"]+)"', html).group(1)
    assert uri == qr_data_uri(url)  # the QR code encodes exactly the member's page and the code
    assert b"<svg" in base64.b64decode(uri.split(",", 1)[1])
    assert "<nav" not in html  # nothing but the sign-in on the hall's screen


def test_screen_says_when_sign_in_is_not_open(client, make_user):
    meeting = MeetingFactory(kind=Meeting.Kind.STANDING, sign_in_open=False)
    client.force_login(make_user(Role.CONSULTATION_STAFF))
    html = client.get(f"/consultations/meetings/{meeting.pk}/sign-in/screen/").content.decode()
    assert "签到尚未开放" in html


def test_meeting_page_links_the_screen_for_staff_only(client, make_user):
    meeting = MeetingFactory(kind=Meeting.Kind.STANDING)
    link = f'href="/consultations/meetings/{meeting.pk}/sign-in/screen/"'
    client.force_login(make_user(Role.CONSULTATION_STAFF))
    assert link in client.get(f"/consultations/meetings/{meeting.pk}/").content.decode()
    client.force_login(make_user(Role.LEADER))
    page = client.get(f"/consultations/meetings/{meeting.pk}/")
    assert page.status_code == 200 and link not in page.content.decode()


def test_the_scanned_link_fills_in_the_code_on_the_members_page(client, member_user):
    meeting = MeetingFactory(kind=Meeting.Kind.STANDING, sign_in_open=True)
    AttendanceFactory(meeting=meeting, member=member_user.member)
    client.force_login(member_user)
    html = client.get(
        f"/consultations/my/{meeting.pk}/?code={meeting.sign_in_code}"
    ).content.decode()
    assert re.search(rf'name="code"[^>]*value="{meeting.sign_in_code}"', html)
    # Nothing is signed in by opening the link: the member still presses the button.
    assert meeting.attendances.get().status != "attended"
    html = client.get(f"/consultations/my/{meeting.pk}/?code=<b>1</b>x").content.decode()
    assert re.search(r'name="code"[^>]*value="1"', html)
