"""The leave list: filtered by state (pending by default) and by meeting, waiting requests first
and the newest on top, so a new request is on the first page (issue 24 item 10.5)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations import selectors, services
from consultations.models import Attendance

from .factories import AttendanceFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _leave(meeting, reason="出差", status=Attendance.Status.LEAVE_REQUESTED, **kwargs):
    return AttendanceFactory(meeting=meeting, status=status, leave_reason=reason, **kwargs)


@pytest.fixture
def requests_():
    old = MeetingFactory(title="上月常委会", starts_at=timezone.now() - timedelta(days=30))
    new = MeetingFactory(title="本周协商会", starts_at=timezone.now() + timedelta(days=3))
    first = _leave(old, "早先的请假")
    approved = _leave(old, "已准的请假", status=Attendance.Status.LEAVE_APPROVED)
    refused = _leave(
        old, "被拒的请假", status=Attendance.Status.INVITED, leave_refused_reason="会议重要"
    )
    plain = AttendanceFactory(meeting=new)  # invited, never asked for leave
    latest = _leave(new, "最新的请假")
    return {
        "old": old,
        "new": new,
        "first": first,
        "approved": approved,
        "refused": refused,
        "plain": plain,
        "latest": latest,
    }


def test_pending_by_default_newest_first(staff, requests_):
    rows = list(selectors.leave_requests(staff))
    assert rows == [requests_["latest"], requests_["first"]]


@pytest.mark.parametrize(
    "state,expected",
    [
        ("pending", ["latest", "first"]),
        ("approved", ["approved"]),
        ("refused", ["refused"]),
        ("all", ["latest", "first", "refused", "approved"]),
        ("nonsense", ["latest", "first"]),  # an unknown state reads as the default
    ],
)
def test_by_state_waiting_ones_first(staff, requests_, state, expected):
    # the decided ones, newest last decision first, after every waiting one
    Attendance.objects.filter(pk=requests_["refused"].pk).update(
        updated_at=timezone.now() + timedelta(minutes=1)
    )
    rows = list(selectors.leave_requests(staff, state=state))
    assert rows == [requests_[k] for k in expected]


def test_by_meeting(staff, requests_):
    rows = selectors.leave_requests(staff, state="all", meeting=requests_["new"].pk)
    assert list(rows) == [requests_["latest"]]
    meetings = list(selectors.leave_meetings(staff))
    assert meetings == [requests_["new"], requests_["old"]]


def test_other_roles_see_none(make_user, requests_):
    from cppcc_portal.accounts.roles import Role

    for role in (Role.MEMBER, Role.LIAISON_STAFF, Role.UNIT_LIAISON):
        user = make_user(role)
        assert not selectors.leave_requests(user, state="all").exists()
        assert not selectors.leave_meetings(user).exists()


def test_a_new_request_is_on_the_first_page(client_for, staff, make_member):
    old = MeetingFactory(title="早先的会议", starts_at=timezone.now() - timedelta(days=60))
    for _ in range(30):
        _leave(old, "早先")
    meeting = MeetingFactory(title="下周的会议", starts_at=timezone.now() + timedelta(days=7))
    member = make_member(name="赵新来")
    att = AttendanceFactory(meeting=meeting, member=member)
    services.request_leave(actor=member.user, attendance=att, reason="临时出差")
    html = client_for(staff).get(reverse("consultations:leave_requests")).content.decode()
    assert "赵新来" in html and "临时出差" in html
    assert html.index("赵新来") < html.index("早先</td>")


def test_the_page_filters_and_keeps_the_filter_after_a_decision(client_for, staff, requests_):
    client = client_for(staff)
    url = reverse("consultations:leave_requests")
    html = client.get(url, {"state": "approved"}).content.decode()
    assert "已准的请假" in html and "最新的请假" not in html
    assert 'name="approve"' not in html  # a decided request offers no decision
    html = client.get(url, {"state": "all", "meeting": requests_["new"].pk}).content.decode()
    assert "最新的请假" in html and "早先的请假" not in html
    assert f'value="{url}?state=all&amp;meeting={requests_["new"].pk}"' in html
    # a bad meeting id is an invalid filter: the default list, not an error
    response = client.get(url, {"meeting": "x' or 1=1"})
    assert response.status_code == 200 and "最新的请假" in response.content.decode()
    response = client.post(
        reverse("consultations:attendance_leave", args=[requests_["latest"].pk]),
        {"approve": "1", "next": f"{url}?meeting={requests_['new'].pk}"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{url}?meeting={requests_['new'].pk}"


def test_leaders_read_without_deciding(client_for, leader, requests_):
    html = client_for(leader).get(reverse("consultations:leave_requests")).content.decode()
    assert "最新的请假" in html and 'name="approve"' not in html
