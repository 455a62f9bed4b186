"""Meetings and attendance in the duty ledger, sign-in, leave and speeches."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from consultations import services
from consultations.models import (
    Attendance,
    Meeting,
)
from cppcc_portal.notifications.models import Notification
from members.models import DutyKind, DutyRecord
from tests.factories import (
    MemberFactory,
)

from ..factories import (
    AttendanceFactory,
    ConsultationFactory,
    MeetingFactory,
)
from .helpers import TODAY, live, to_held

pytestmark = pytest.mark.django_db


def test_invite_notifies_and_skips_duplicates(staff, make_member):
    meeting = MeetingFactory()
    members = [make_member() for _ in range(3)]
    assert services.invite_members(actor=staff, meeting=meeting, members=members) == 3
    assert services.invite_members(actor=staff, meeting=meeting, members=members) == 0
    assert Notification.objects.filter(kind="consultation.invitation").count() == 3
    left = MemberFactory(status="left")
    with pytest.raises(ValidationError):
        services.invite_members(actor=staff, meeting=meeting, members=[left])


def test_leave_then_attended_voids_and_records(staff, make_member):
    c = ConsultationFactory()
    meeting = MeetingFactory(kind=Meeting.Kind.CONSULTATION, consultation=c)
    member = make_member()
    att = AttendanceFactory(meeting=meeting, member=member)
    with pytest.raises(ValidationError):
        services.request_leave(actor=member.user, attendance=att, reason=" ")
    services.request_leave(actor=member.user, attendance=att, reason="出差")
    with pytest.raises(ValidationError):
        services.decide_leave(actor=staff, attendance=att, approve=False)  # reason required
    services.decide_leave(actor=staff, attendance=att, approve=True)
    assert live(member, DutyKind.MEETING_LEAVE).count() == 1
    assert Notification.objects.filter(recipient=member.user, kind="consultation.leave_decision")
    services.mark_attendance(actor=staff, attendance=att, attended=True)
    assert not live(member, DutyKind.MEETING_LEAVE).exists()
    assert live(member, DutyKind.CONSULTATION).count() == 1
    services.mark_attendance(actor=staff, attendance=att, attended=False)
    assert list(live(member).values_list("kind", flat=True)) == [DutyKind.MEETING_ABSENT]
    assert DutyRecord.objects.filter(member=member, voided_at__isnull=False).count() == 2


def test_refused_leave_returns_to_invited(staff, make_member):
    member = make_member()
    att = AttendanceFactory(member=member)
    services.request_leave(actor=member.user, attendance=att, reason="病")
    services.decide_leave(actor=staff, attendance=att, approve=False, reason="会议重要")
    att.refresh_from_db()
    assert att.status == "invited" and att.leave_refused_reason == "会议重要"
    assert not live(member).exists()


def test_plenary_duty_kinds(staff, make_member):
    meeting = MeetingFactory(kind=Meeting.Kind.PLENARY)
    a, b = make_member(), make_member()
    att_a = AttendanceFactory(meeting=meeting, member=a)
    AttendanceFactory(meeting=meeting, member=b)
    services.mark_attendance(actor=staff, attendance=att_a, attended=True)
    assert services.close_attendance(actor=staff, meeting=meeting) == 1
    assert live(a, DutyKind.PLENARY_ATTENDED).exists()
    assert live(b, DutyKind.PLENARY_ABSENT).get().points < 0
    with pytest.raises(ValidationError):
        services.close_attendance(actor=staff, meeting=meeting)


def test_members_act_only_on_their_own_invitation(make_member):
    a, b = make_member(), make_member()
    att = AttendanceFactory(member=a)
    with pytest.raises(PermissionDenied):
        services.confirm_attendance(actor=b.user, attendance=att)
    services.confirm_attendance(actor=a.user, attendance=att)
    att.refresh_from_db()
    assert att.status == "confirmed"


def test_sign_in_with_code(staff, make_member):
    meeting = MeetingFactory()
    member, outsider = make_member(), make_member()
    AttendanceFactory(meeting=meeting, member=member)
    with pytest.raises(ValidationError):  # not open yet
        services.sign_in_with_code(actor=member.user, meeting=meeting, code=meeting.sign_in_code)
    services.set_sign_in(actor=staff, meeting=meeting, open=True)
    with pytest.raises(ValidationError):
        services.sign_in_with_code(actor=member.user, meeting=meeting, code="xxxxxx")
    with pytest.raises(PermissionDenied):
        services.sign_in_with_code(actor=outsider.user, meeting=meeting, code=meeting.sign_in_code)
    att = services.sign_in_with_code(actor=member.user, meeting=meeting, code=meeting.sign_in_code)
    assert att.status == "attended" and att.signed_in_by_code
    assert live(member, DutyKind.MEETING_ATTENDED).count() == 1


def test_too_many_wrong_codes(staff, make_member):
    meeting = MeetingFactory(sign_in_open=True)
    member = make_member()
    AttendanceFactory(meeting=meeting, member=member)
    for _ in range(services.SIGN_IN_ATTEMPTS):
        with pytest.raises(ValidationError):
            services.sign_in_with_code(actor=member.user, meeting=meeting, code="wrong1")
    with pytest.raises(ValidationError, match="Too many|过多|次数"):
        services.sign_in_with_code(actor=member.user, meeting=meeting, code=meeting.sign_in_code)


def test_speeches(staff, make_member):
    meeting = MeetingFactory()
    member, outsider = make_member(), make_member()
    AttendanceFactory(meeting=meeting, member=member)
    with pytest.raises(PermissionDenied):
        services.submit_speech(actor=outsider.user, meeting=meeting, title="t", text="x")
    speech = services.submit_speech(actor=member.user, meeting=meeting, title="建议", text="内容")
    with pytest.raises(PermissionDenied):
        services.mark_speech_delivered(actor=member.user, speech=speech)
    services.mark_speech_delivered(actor=staff, speech=speech)
    services.mark_speech_delivered(actor=staff, speech=speech)  # idempotent
    assert live(member, DutyKind.SPEECH).count() == 1
    services.mark_speech_delivered(actor=staff, speech=speech, delivered=False)
    assert not live(member, DutyKind.SPEECH).exists()


def test_no_speeches_after_outcome(staff, make_member):
    c = to_held(staff, ConsultationFactory())
    meeting = MeetingFactory(kind=Meeting.Kind.CONSULTATION, consultation=c)
    member = make_member()
    AttendanceFactory(meeting=meeting, member=member)
    services.send_outcome(
        actor=staff,
        consultation=c,
        outcome_kind="report",
        outcome_title="t",
        outcome_text="x",
        sent_on=TODAY(),
    )
    with pytest.raises(ValidationError):
        services.submit_speech(actor=member.user, meeting=meeting, title="t", text="x")


def test_bulk_attendance_duty_respects_uniqueness(staff, make_member):
    meeting = MeetingFactory(kind=Meeting.Kind.PLENARY)
    member = make_member()
    att = AttendanceFactory(meeting=meeting, member=member, status=Attendance.Status.ATTENDED)
    services.bulk_record_attendance_duty([att])
    services.bulk_record_attendance_duty([att])
    assert live(member, DutyKind.PLENARY_ATTENDED).count() == 1


def test_plenary_absence_counts_once_per_session(staff, make_member):
    from tests.factories import SessionFactory

    session = SessionFactory()
    half_days = [MeetingFactory(kind=Meeting.Kind.PLENARY, session=session) for _ in range(3)]
    member = make_member()
    rows = [AttendanceFactory(meeting=m, member=member) for m in half_days]
    for att in rows:
        services.mark_attendance(actor=staff, attendance=att, attended=False)
    assert live(member, DutyKind.PLENARY_ABSENT).count() == 1
    services.mark_attendance(actor=staff, attendance=rows[0], attended=True)
    services.mark_attendance(actor=staff, attendance=rows[1], attended=True)
    assert live(member, DutyKind.PLENARY_ABSENT).count() == 1
    assert live(member, DutyKind.PLENARY_ATTENDED).count() == 2
    services.mark_attendance(actor=staff, attendance=rows[2], attended=True)
    assert not live(member, DutyKind.PLENARY_ABSENT).exists()
    assert live(member, DutyKind.PLENARY_ATTENDED).count() == 3


def test_closing_plenary_rolls_counts_absence_once(staff, make_member):
    from tests.factories import SessionFactory

    session = SessionFactory()
    member = make_member()
    for _ in range(2):
        meeting = MeetingFactory(kind=Meeting.Kind.PLENARY, session=session)
        AttendanceFactory(meeting=meeting, member=member)
        services.close_attendance(actor=staff, meeting=meeting)
    assert live(member, DutyKind.PLENARY_ABSENT).count() == 1
