"""A meeting not yet held moves to a new date, time or place, with a reason: its timeline and its
consultation's say so, every invited member is told; refused once held (issue 24 item 10.2)."""

from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from consultations import services
from consultations.models import (
    Attendance,
    Consultation,
    ConsultationEvent,
    Meeting,
    MeetingEvent,
)
from consultations.workflow import ConsultationState
from cppcc_portal.notifications.models import Notification

from ..factories import AttendanceFactory, ConsultationFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _at(days, hour=9):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _consultation_meeting(days=10, state=ConsultationState.PREPARING):
    c = ConsultationFactory(state=state, scheduled_on=_at(days).date(), venue="三楼会议室")
    meeting = MeetingFactory(
        kind=Meeting.Kind.CONSULTATION, consultation=c, starts_at=_at(days), venue="三楼会议室"
    )
    return c, meeting


def _move(actor, meeting, starts_at, venue="五楼会议室", reason="区领导临时有公务"):
    return services.reschedule_meeting(
        actor=actor, meeting=meeting, starts_at=starts_at, venue=venue, reason=reason
    )


def test_a_scheduled_meeting_moves_with_its_reason_and_everyone_is_told(staff, make_member):
    c, meeting = _consultation_meeting()
    invited = [make_member(), make_member()]
    for m in invited:
        AttendanceFactory(meeting=meeting, member=m)
    AttendanceFactory(meeting=meeting, status=Attendance.Status.LEAVE_APPROVED)  # no account
    meeting.sign_in_open = True
    meeting.save()
    old = meeting.starts_at
    moved = _move(staff, meeting, _at(12, 14))
    assert moved.starts_at == _at(12, 14) and moved.venue == "五楼会议室"
    assert not moved.sign_in_open  # its window moved with it
    event = MeetingEvent.objects.get(meeting=meeting)
    assert (event.old_starts_at, event.new_starts_at) == (old, _at(12, 14))
    assert (event.old_venue, event.new_venue) == ("三楼会议室", "五楼会议室")
    assert event.comment == "区领导临时有公务" and event.actor == staff
    line = ConsultationEvent.objects.get(consultation=c, action="reschedule_meeting")
    assert line.from_state == line.to_state == ConsultationState.PREPARING
    assert "区领导临时有公务" in line.comment and _at(12, 14).date().isoformat() in line.comment
    assert line.label == "会议改期"
    told = Notification.objects.filter(kind="consultation.meeting_rescheduled")
    assert {n.recipient for n in told} == {m.user for m in invited}
    assert all("五楼会议室" in n.body and "区领导临时有公务" in n.body for n in told)
    # the consultation's only meeting carries its date along; its version moves on
    c2 = Consultation.objects.get(pk=c.pk)
    assert c2.scheduled_on == _at(12).date() and c2.venue == "五楼会议室"
    assert c2.version == c.version + 1


def test_with_several_meetings_the_consultations_date_stays(staff):
    c, meeting = _consultation_meeting()
    MeetingFactory(kind=Meeting.Kind.CONSULTATION, consultation=c, starts_at=_at(11))
    _move(staff, meeting, _at(13))
    assert Consultation.objects.get(pk=c.pk).scheduled_on == _at(10).date()


def test_a_meeting_without_consultation_moves_too(staff):
    meeting = MeetingFactory(kind=Meeting.Kind.STANDING, starts_at=_at(3), venue="常委会议室")
    _move(staff, meeting, _at(4), venue="常委会议室")
    assert Meeting.objects.get(pk=meeting.pk).starts_at == _at(4)
    assert MeetingEvent.objects.filter(meeting=meeting).count() == 1


@pytest.mark.parametrize(
    "setup",
    [
        "begun",
        "roll closed",
        "someone signed in",
        "consultation held",
    ],
)
def test_refused_once_held(staff, setup):
    c, meeting = _consultation_meeting()
    if setup == "begun":
        Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    elif setup == "roll closed":
        Meeting.objects.filter(pk=meeting.pk).update(attendance_closed=True)
    elif setup == "someone signed in":
        AttendanceFactory(meeting=meeting, status=Attendance.Status.ATTENDED)
    else:
        Consultation.objects.filter(pk=c.pk).update(state=ConsultationState.HELD)
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert not services.may_reschedule(meeting)
    with pytest.raises(ValidationError, match="不能再更改日期|can no longer be changed"):
        _move(staff, meeting, _at(20))
    assert not MeetingEvent.objects.exists()
    assert not Notification.objects.filter(kind="consultation.meeting_rescheduled").exists()


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"reason": "  "}, "reason"),
        ({"starts_at": "past"}, "starts_at"),
        ({"starts_at": "same", "venue": "三楼会议室"}, "starts_at"),
    ],
)
def test_bad_input_is_refused_at_its_field(staff, kwargs, field):
    _c, meeting = _consultation_meeting()
    starts_at = {
        "past": timezone.now() - timedelta(days=1),
        "same": meeting.starts_at,
    }.get(kwargs.pop("starts_at", None), _at(12))
    with pytest.raises(ValidationError) as exc:
        services.reschedule_meeting(
            actor=staff,
            meeting=meeting,
            starts_at=starts_at,
            venue=kwargs.get("venue", "五楼"),
            reason=kwargs.get("reason", "原因"),
        )
    assert field in exc.value.message_dict
    assert Meeting.objects.get(pk=meeting.pk).starts_at == _at(10)


@pytest.mark.parametrize("who", ["leader", "member", "liaison"])
def test_only_consultation_staff_may(make_user, make_member, leader, who):
    from cppcc_portal.accounts.roles import Role

    actor = {
        "leader": leader,
        "member": make_member().user,
        "liaison": make_user(Role.LIAISON_STAFF),
    }[who]
    _c, meeting = _consultation_meeting()
    with pytest.raises(PermissionDenied):
        _move(actor, meeting, _at(12))
    assert Meeting.objects.get(pk=meeting.pk).starts_at == _at(10)


def test_a_closed_term_refuses_the_new_date(staff, monkeypatch):
    from consultations.services import meetings as module

    def closed(day):
        raise ValidationError("该届已结束")

    monkeypatch.setattr(module, "ensure_date_open", closed)
    _c, meeting = _consultation_meeting()
    with pytest.raises(ValidationError) as exc:
        _move(staff, meeting, _at(12))
    assert exc.value.message_dict["starts_at"] == ["该届已结束"]
