"""Attendance in the duty ledger: which duty each status of each kind of meeting is, kept
equal to the attendance (plenary absences once per session)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import DutyKind, DutyRecord, Session, Term
from members.services import points_for, record_duty, source_key_for, void_duty

from ..models import (
    Attendance,
    Meeting,
)

# --- Meetings and attendance ---------------------------------------------------------------

ATTENDANCE_KINDS = {
    Meeting.Kind.PLENARY: {
        Attendance.Status.ATTENDED: DutyKind.PLENARY_ATTENDED,
        Attendance.Status.LEAVE_APPROVED: DutyKind.PLENARY_LEAVE,
        Attendance.Status.ABSENT: DutyKind.PLENARY_ABSENT,
    },
    Meeting.Kind.CONSULTATION: {
        Attendance.Status.ATTENDED: DutyKind.CONSULTATION,
        Attendance.Status.LEAVE_APPROVED: DutyKind.MEETING_LEAVE,
        Attendance.Status.ABSENT: DutyKind.MEETING_ABSENT,
    },
}
DEFAULT_KINDS = {
    Attendance.Status.ATTENDED: DutyKind.MEETING_ATTENDED,
    Attendance.Status.LEAVE_APPROVED: DutyKind.MEETING_LEAVE,
    Attendance.Status.ABSENT: DutyKind.MEETING_ABSENT,
}


def duty_kinds_for(meeting_kind) -> dict:
    """Attendance status -> duty kind for a kind of meeting."""
    return ATTENDANCE_KINDS.get(meeting_kind, DEFAULT_KINDS)


PER_PLENARY = {
    Attendance.Status.LEAVE_APPROVED: DutyKind.PLENARY_LEAVE,
    Attendance.Status.ABSENT: DutyKind.PLENARY_ABSENT,
}


def _per_plenary(meeting) -> bool:
    """Plenary absences cost points once per plenary (DOMAIN §5), not per half-day: their
    ledger row has the session as its source."""
    return meeting.kind == Meeting.Kind.PLENARY and meeting.session_id is not None


def _sync_plenary(member, session, *, actor=None):
    statuses = set(
        Attendance.objects.filter(
            member=member, meeting__session=session, meeting__kind=Meeting.Kind.PLENARY
        ).values_list("status", flat=True)
    )
    for status, kind in PER_PLENARY.items():
        if status in statuses:
            record_duty(
                member=member,
                kind=kind,
                source=session,
                occurred_on=session.start_date,
                title=session.name,
                recorded_by=actor,
            )
        else:
            void_duty(
                member=member,
                kind=kind,
                source=session,
                reason=_("No half-day of this plenary is left with this status."),
            )


def _sync_duty(attendance, *, actor=None):
    """Keep the ledger equal to the attendance: void the record of a former status and
    record the current one (idempotent)."""
    meeting = attendance.meeting
    kinds = duty_kinds_for(meeting.kind)
    wanted = kinds.get(attendance.status)
    per_plenary = _per_plenary(meeting)
    own = {k for k in kinds.values() if not (per_plenary and k in PER_PLENARY.values())}
    for kind in own - {wanted}:
        void_duty(
            member=attendance.member,
            kind=kind,
            source=attendance,
            reason=_("Attendance changed to “%(status)s”.")
            % {"status": attendance.get_status_display()},
        )
    if wanted in own:
        record_duty(
            member=attendance.member,
            kind=wanted,
            source=attendance,
            occurred_on=timezone.localdate(meeting.starts_at),
            title=meeting.title,
            recorded_by=actor,
        )
    if per_plenary:
        _sync_plenary(attendance.member, meeting.session, actor=actor)


def bulk_record_attendance_duty(attendances, *, recorded_by=None) -> int:
    """Ledger rows for many attendances that have none yet (a closed roll, demo data):
    one INSERT, conflicts with live rows skipped so the ledger's uniqueness holds.
    Plenary absences count once per session, as in `_sync_duty`."""
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(Attendance)
    session_ct = ContentType.objects.get_for_model(Session)
    terms, points, rows, seen = {}, {}, [], set()
    for att in attendances:
        meeting = att.meeting
        kind = duty_kinds_for(meeting.kind).get(att.status)
        if not kind:
            continue
        if _per_plenary(meeting) and att.status in PER_PLENARY:
            session = meeting.session
            day, title = session.start_date, session.name
            source_type, source_id, key = session_ct, session.pk, source_key_for(session)
        else:
            day, title = timezone.localdate(meeting.starts_at), meeting.title
            source_type, source_id, key = ct, att.pk, source_key_for(att)
        if (att.member_id, kind, key) in seen:
            continue
        seen.add((att.member_id, kind, key))
        if day not in terms:
            terms[day] = (
                Term.objects.filter(start_date__lte=day, end_date__gte=day).first()
                or Term.current()
            )
        term = terms[day]
        if (kind, term.pk) not in points:
            points[(kind, term.pk)] = points_for(kind=kind, term=term)
        rows.append(
            DutyRecord(
                member_id=att.member_id,
                term=term,
                year=day.year,
                kind=kind,
                occurred_on=day,
                points=points[(kind, term.pk)],
                title=title[:300],
                source_type=source_type,
                source_id=source_id,
                source_key=key,
                recorded_by=recorded_by,
            )
        )
    DutyRecord.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    return len(rows)
