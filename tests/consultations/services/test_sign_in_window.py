"""Sign-in opens only in its window: from the configured hours before the meeting until the end
of its day (issue 24 item 10.4)."""

from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from consultations import services
from consultations.models import Attendance, ConsultationSettings, Meeting
from consultations.models.config import SIGN_IN_HOURS_BEFORE

from ..factories import AttendanceFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _meeting(starts_in, **kwargs):
    return MeetingFactory(starts_at=timezone.now() + starts_in, **kwargs)


def _open(staff, meeting):
    return services.set_sign_in(actor=staff, meeting=meeting, open=True)


def test_opens_within_the_hours_before_and_during_the_meeting(staff):
    soon = _meeting(timedelta(hours=SIGN_IN_HOURS_BEFORE) - timedelta(minutes=5))
    assert _open(staff, soon).sign_in_open
    begun = _meeting(-timedelta(minutes=30))
    assert _open(staff, begun).sign_in_open


def test_weeks_before_is_refused_with_the_time_it_opens(staff):
    meeting = _meeting(timedelta(days=21))
    with pytest.raises(ValidationError) as exc:
        _open(staff, meeting)
    opens = timezone.localtime(meeting.starts_at - timedelta(hours=SIGN_IN_HOURS_BEFORE))
    assert opens.strftime("%Y-%m-%d %H:%M") in exc.value.messages[0]
    meeting.refresh_from_db()
    assert not meeting.sign_in_open


def test_just_before_the_window_is_refused(staff):
    meeting = _meeting(timedelta(hours=SIGN_IN_HOURS_BEFORE, minutes=5))
    with pytest.raises(ValidationError):
        _open(staff, meeting)


def test_the_window_is_an_admin_setting(staff):
    ConsultationSettings.objects.update_or_create(pk=1, defaults={"sign_in_hours_before": 24})
    assert _open(staff, _meeting(timedelta(hours=20))).sign_in_open
    with pytest.raises(ValidationError):
        _open(staff, _meeting(timedelta(hours=26)))


def test_after_the_meetings_day_is_refused(staff):
    day = timezone.localdate() - timedelta(days=2)
    meeting = MeetingFactory(starts_at=timezone.make_aware(datetime.combine(day, time(9))))
    opens, closes = services.sign_in_window(meeting)
    assert timezone.localtime(closes) == timezone.make_aware(
        datetime.combine(day + timedelta(days=1), time(0))
    )
    with pytest.raises(ValidationError):
        _open(staff, meeting)


def test_a_late_evening_meeting_keeps_its_window_past_midnight():
    day = timezone.localdate()
    meeting = MeetingFactory(starts_at=timezone.make_aware(datetime.combine(day, time(22))))
    _opens, closes = services.sign_in_window(meeting)
    assert closes == meeting.starts_at + services.SIGN_IN_STAYS_OPEN


def test_closing_is_always_possible_and_roles_and_closed_rolls_are_refused(staff, leader):
    far = _meeting(timedelta(days=21), sign_in_open=True)
    assert not services.set_sign_in(actor=staff, meeting=far, open=False).sign_in_open
    with pytest.raises(PermissionDenied):
        _open(leader, _meeting(-timedelta(minutes=10)))
    with pytest.raises(ValidationError):
        _open(staff, _meeting(-timedelta(minutes=10), attendance_closed=True))


def test_a_member_cannot_sign_in_outside_the_window(make_member):
    member = make_member()
    far = _meeting(timedelta(days=21), sign_in_open=True)  # opened before the rule existed
    AttendanceFactory(meeting=far, member=member)
    with pytest.raises(ValidationError):
        services.sign_in_with_code(actor=member.user, meeting=far, code=far.sign_in_code)
    assert Attendance.objects.get(meeting=far, member=member).status == "invited"


def test_the_page_explains_and_refuses(client_for, staff):
    meeting = _meeting(timedelta(days=21), kind=Meeting.Kind.STANDING)
    client = client_for(staff)
    url = reverse("consultations:meeting_detail", args=[meeting.pk])
    html = client.get(url).content.decode()
    assert 'id="sign-in-window"' in html and "签到可于" in html
    assert 'name="open" value="1"' not in html  # the button waits, disabled
    response = client.post(
        reverse("consultations:meeting_sign_in", args=[meeting.pk]), {"open": "1"}, follow=True
    )
    assert "会议开始前" in response.content.decode()
    meeting.refresh_from_db()
    assert not meeting.sign_in_open
    begun = _meeting(-timedelta(minutes=5), kind=Meeting.Kind.STANDING)
    assert (
        'name="open" value="1"'
        in client.get(reverse("consultations:meeting_detail", args=[begun.pk])).content.decode()
    )
    response = client.post(
        reverse("consultations:meeting_sign_in", args=[begun.pk]), {"open": "1"}, follow=True
    )
    assert "已开放签到" in response.content.decode()
    begun.refresh_from_db()
    assert begun.sign_in_open
