"""Meetings, invitations, leave, sign-in, the roll and speeches."""

from datetime import datetime, time, timedelta

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc_portal.core.workflow import bump, lock, record
from cppcc_portal.notifications.services import notify
from members.models import DutyKind, Member
from members.services import record_duty, void_duty
from members.terms.guard import ensure_date_open

from ..models import (
    Attendance,
    ConsultationEvent,
    ConsultationSettings,
    Meeting,
    MeetingEvent,
    Speech,
)
from ..workflow import ConsultationState
from ._base import _require_member, _require_staff
from .attendance import _sync_duty, bulk_record_attendance_duty

SIGN_IN_ATTEMPTS = 10
# the window closes at the end of the meeting's day, and never sooner than this after it began
# (a meeting that starts late in the evening keeps its sign-in past midnight)
SIGN_IN_STAYS_OPEN = timedelta(hours=6)


def sign_in_window(meeting) -> tuple[datetime, datetime]:
    """When sign-in for a meeting may be open: from the configured hours before it starts
    (ConsultationSettings.sign_in_hours_before [L]) until the end of its day."""
    hours = ConsultationSettings.current().sign_in_hours_before
    local = timezone.localtime(meeting.starts_at)
    end_of_day = timezone.make_aware(datetime.combine(local.date() + timedelta(days=1), time(0)))
    return (
        meeting.starts_at - timedelta(hours=hours),
        max(end_of_day, meeting.starts_at + SIGN_IN_STAYS_OPEN),
    )


def _check_sign_in_window(meeting):
    opens, closes = sign_in_window(meeting)
    now = timezone.now()
    if now < opens:
        raise ValidationError(
            _(
                "Sign-in can be opened from %(opens)s, %(hours)d hours before the meeting "
                "starts; not yet."
            )
            % {
                "opens": timezone.localtime(opens).strftime("%Y-%m-%d %H:%M"),
                "hours": round((meeting.starts_at - opens).total_seconds() / 3600),
            }
        )
    if now >= closes:
        raise ValidationError(
            _("The meeting's day is over: sign-in can no longer be opened; mark the roll instead.")
        )


def create_meeting(*, actor, kind, title, starts_at, venue="", consultation=None, session=None):
    _require_staff(actor)
    if consultation is not None:
        kind = Meeting.Kind.CONSULTATION
        if not consultation.meta.meetings:
            raise ValidationError(_("This consultation takes no more meetings."))
    elif kind == Meeting.Kind.CONSULTATION:
        raise ValidationError(_("A consultation meeting belongs to a consultation."))
    meeting = Meeting(
        kind=kind,
        title=title,
        starts_at=starts_at,
        venue=venue,
        consultation=consultation,
        session=session,
        created_by=actor,
    )
    meeting.full_clean()
    meeting.save()
    return meeting


def _when(at) -> str:
    return timezone.localtime(at).strftime("%Y-%m-%d %H:%M")


def may_reschedule(meeting) -> bool:
    """A meeting's date, time and place may change until it is held: not once it has begun,
    anyone has signed in, its roll is closed, or its consultation is recorded as held."""
    if meeting.attendance_closed or meeting.starts_at <= timezone.now():
        return False
    if meeting.consultation_id and meeting.consultation.state not in (
        ConsultationState.PLANNED,
        ConsultationState.PREPARING,
    ):
        return False
    return not meeting.attendances.filter(status=Attendance.Status.ATTENDED).exists()


@transaction.atomic
def reschedule_meeting(*, actor, meeting, starts_at, venue, reason):
    """Move a meeting not yet held to a new date, time or place, with the reason: recorded in
    the meeting's timeline (and its consultation's), every invited member told. Sign-in
    closes (its window moved with the meeting); a consultation's only meeting carries its
    scheduled date along."""
    _require_staff(actor)
    reason = (reason or "").strip()
    venue = (venue or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the change.")})
    meeting = lock(meeting)
    if not may_reschedule(meeting):
        raise ValidationError(
            _("This meeting has been held (or has begun): its date can no longer be changed.")
        )
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("The new time must be in the future.")})
    if starts_at == meeting.starts_at and venue == meeting.venue:
        raise ValidationError({"starts_at": _("Neither the time nor the place has changed.")})
    try:
        ensure_date_open(timezone.localdate(starts_at))
    except ValidationError as exc:
        raise ValidationError({"starts_at": exc.messages}) from exc
    old_starts_at, old_venue = meeting.starts_at, meeting.venue
    meeting.starts_at, meeting.venue, meeting.sign_in_open = starts_at, venue, False
    meeting.full_clean()
    meeting.save(update_fields=["starts_at", "venue", "sign_in_open"])
    change = _("%(old)s → %(new)s") % {"old": _when(old_starts_at), "new": _when(starts_at)}
    if venue != old_venue:
        change += _("; place: %(old)s → %(new)s") % {
            "old": old_venue or "—",
            "new": venue or "—",
        }
    record(
        MeetingEvent,
        actor=actor,
        action="reschedule",
        comment=reason,
        meeting=meeting,
        old_starts_at=old_starts_at,
        new_starts_at=starts_at,
        old_venue=old_venue,
        new_venue=venue,
    )
    if meeting.consultation_id:
        _follow_in_consultation(actor, meeting, change=change, reason=reason)
    recipients = [
        a.member.user
        for a in Attendance.objects.filter(
            meeting=meeting, member__user__isnull=False
        ).select_related("member__user")
    ]
    notify(
        recipients=recipients,
        kind="consultation.meeting_rescheduled",
        title=_("Meeting moved: %(title)s, now %(when)s")
        % {"title": meeting.title, "when": _when(starts_at)},
        body=_("Venue: %(venue)s. Reason: %(reason)s") % {"venue": venue or "—", "reason": reason},
        target=meeting,
        url=reverse("consultations:my_meeting", args=[meeting.pk]),
    )
    return meeting


def _follow_in_consultation(actor, meeting, *, change, reason):
    """The consultation's timeline says the meeting moved; its only meeting's date is its
    scheduled date (the version moves, so a page built before is stale)."""
    consultation = lock(meeting.consultation, version=None)
    if not Meeting.objects.filter(consultation=consultation).exclude(pk=meeting.pk).exists():
        consultation.scheduled_on = timezone.localdate(meeting.starts_at)
        consultation.venue = meeting.venue
        consultation.full_clean()
        bump(consultation, "scheduled_on", "venue")
    record(
        ConsultationEvent,
        actor=actor,
        action="reschedule_meeting",
        from_state=consultation.state,
        to_state=consultation.state,
        comment=_("Meeting “%(title)s” moved: %(change)s. Reason: %(reason)s")
        % {"title": meeting.title, "change": change, "reason": reason},
        consultation=consultation,
    )


@transaction.atomic
def invite_members(*, actor, meeting, members) -> int:
    """Invite members (sitting ones only); already invited members are left as they are."""
    _require_staff(actor)
    if meeting.attendance_closed:
        raise ValidationError(_("Attendance for this meeting is closed."))
    members = [m for m in members if m.status == Member.Status.SITTING]
    if not members:
        raise ValidationError(_("Choose at least one sitting member to invite."))
    already = set(
        Attendance.objects.filter(meeting=meeting, member__in=members).values_list(
            "member_id", flat=True
        )
    )
    new = [m for m in members if m.pk not in already]
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, member=m) for m in new], ignore_conflicts=True
    )
    local = timezone.localtime(meeting.starts_at)
    notify(
        recipients=[m.user for m in new if m.user_id],
        kind="consultation.invitation",
        title=_("Invitation: %(title)s, %(when)s")
        % {"title": meeting.title, "when": local.strftime("%Y-%m-%d %H:%M")},
        body=meeting.venue,
        target=meeting,
        url=reverse("consultations:my_meeting", args=[meeting.pk]),
    )
    return len(new)


def _own_attendance(actor, attendance) -> Attendance:
    member = _require_member(actor)
    if attendance.member_id != member.pk:
        raise PermissionDenied(_("This is not your invitation."))
    if attendance.meeting.attendance_closed:
        raise ValidationError(_("Attendance for this meeting is closed."))
    return attendance


@transaction.atomic
def confirm_attendance(*, actor, attendance):
    _own_attendance(actor, attendance)
    if attendance.status not in (Attendance.Status.INVITED, Attendance.Status.LEAVE_REQUESTED):
        raise ValidationError(_("You can no longer change your reply."))
    attendance.status = Attendance.Status.CONFIRMED
    attendance.leave_reason = ""
    attendance.save(update_fields=["status", "leave_reason", "updated_at"])
    return attendance


@transaction.atomic
def request_leave(*, actor, attendance, reason):
    _own_attendance(actor, attendance)
    if not reason or not reason.strip():
        raise ValidationError({"reason": _("Give the reason for your leave.")})
    if attendance.status not in (Attendance.Status.INVITED, Attendance.Status.CONFIRMED):
        raise ValidationError(_("You can no longer ask for leave for this meeting."))
    attendance.status = Attendance.Status.LEAVE_REQUESTED
    attendance.leave_reason = reason.strip()[:300]
    attendance.leave_refused_reason = ""
    attendance.save(update_fields=["status", "leave_reason", "leave_refused_reason", "updated_at"])
    return attendance


@transaction.atomic
def decide_leave(*, actor, attendance, approve: bool, reason=""):
    """Staff approve leave (a leave record in the ledger) or refuse it (the member is expected)."""
    _require_staff(actor)
    attendance = (
        Attendance.objects.select_for_update()
        .select_related("meeting", "member")
        .get(pk=attendance.pk)
    )
    if attendance.status != Attendance.Status.LEAVE_REQUESTED:
        raise ValidationError(_("There is no pending leave request."))
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("Say why the leave is refused.")})
    attendance.status = Attendance.Status.LEAVE_APPROVED if approve else Attendance.Status.INVITED
    attendance.leave_refused_reason = "" if approve else reason.strip()[:300]
    attendance.decided_by, attendance.decided_at = actor, timezone.now()
    attendance.save()
    _sync_duty(attendance, actor=actor)
    meeting = attendance.meeting
    if attendance.member.user_id:
        notify(
            recipients=[attendance.member.user],
            kind="consultation.leave_decision",
            title=(_("Leave approved: %(title)s") if approve else _("Leave refused: %(title)s"))
            % {"title": meeting.title},
            body=attendance.leave_refused_reason,
            target=meeting,
            url=reverse("consultations:my_meeting", args=[meeting.pk]),
        )
    return attendance


@transaction.atomic
def set_sign_in(*, actor, meeting, open: bool):
    """Open or close sign-in; it opens only in its window (sign_in_window), closes any time."""
    _require_staff(actor)
    if open and meeting.attendance_closed:
        raise ValidationError(_("Attendance for this meeting is closed."))
    if open:
        _check_sign_in_window(meeting)
    meeting.sign_in_open = open
    meeting.save(update_fields=["sign_in_open"])
    return meeting


@transaction.atomic
def sign_in_with_code(*, actor, meeting, code):
    """A member signs in on a phone with the code shown in the meeting room."""
    member = _require_member(actor)
    attendance = (
        Attendance.objects.select_for_update()
        .select_related("meeting", "member")
        .filter(meeting=meeting, member=member)
        .first()
    )
    if attendance is None:
        raise PermissionDenied(_("You are not invited to this meeting."))
    opens, closes = sign_in_window(meeting)
    if (
        not meeting.sign_in_open
        or meeting.attendance_closed
        or not opens <= timezone.now() < closes
    ):
        raise ValidationError(_("Sign-in for this meeting is not open."))
    if attendance.status == Attendance.Status.ATTENDED:
        return attendance
    key = f"consultations:signin:{meeting.pk}:{member.pk}"
    tries = cache.get(key, 0)
    if tries >= SIGN_IN_ATTEMPTS:
        raise ValidationError(_("Too many wrong codes; ask the staff to sign you in."))
    if (code or "").strip() != meeting.sign_in_code:
        cache.set(key, tries + 1, 3600)
        raise ValidationError({"code": _("The sign-in code is wrong.")})
    attendance.status = Attendance.Status.ATTENDED
    attendance.signed_in_at, attendance.signed_in_by_code = timezone.now(), True
    attendance.save()
    _sync_duty(attendance, actor=actor)
    return attendance


@transaction.atomic
def mark_attendance(*, actor, attendance, attended: bool):
    """Staff mark a member attended or absent (also to correct an earlier mark)."""
    _require_staff(actor)
    attendance = (
        Attendance.objects.select_for_update()
        .select_related("meeting", "member")
        .get(pk=attendance.pk)
    )
    attendance.status = Attendance.Status.ATTENDED if attended else Attendance.Status.ABSENT
    if attended and not attendance.signed_in_at:
        attendance.signed_in_at = timezone.now()
    attendance.decided_by, attendance.decided_at = actor, timezone.now()
    attendance.save()
    _sync_duty(attendance, actor=actor)
    return attendance


@transaction.atomic
def close_attendance(*, actor, meeting) -> int:
    """End the roll: whoever neither attended nor had leave approved is absent without leave."""
    _require_staff(actor)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.attendance_closed:
        raise ValidationError(_("Attendance for this meeting is already closed."))
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("The roll can only be closed once the meeting has begun."))
    pending = list(
        Attendance.objects.select_related("meeting__session").filter(
            meeting=meeting,
            status__in=[
                Attendance.Status.INVITED,
                Attendance.Status.CONFIRMED,
                Attendance.Status.LEAVE_REQUESTED,
            ],
        )
    )
    Attendance.objects.filter(pk__in=[a.pk for a in pending]).update(
        status=Attendance.Status.ABSENT, updated_at=timezone.now()
    )
    for att in pending:
        att.status = Attendance.Status.ABSENT
    bulk_record_attendance_duty(pending, recorded_by=actor)
    meeting.attendance_closed, meeting.sign_in_open = True, False
    meeting.save(update_fields=["attendance_closed", "sign_in_open"])
    return len(pending)


# --- Speeches ---------------------------------------------------------------------------


@transaction.atomic
def submit_speech(*, actor, meeting, title, text):
    """Members submit their speech text before or after the meeting."""
    member = _require_member(actor)
    if not Attendance.objects.filter(meeting=meeting, member=member).exists():
        raise PermissionDenied(_("You are not invited to this meeting."))
    if meeting.consultation_id and not meeting.consultation.meta.speeches:
        raise ValidationError(_("Speeches for this consultation are no longer accepted."))
    if not title.strip() or not text.strip():
        raise ValidationError(_("Give the speech's title and text."))
    speech = Speech(meeting=meeting, member=member, title=title.strip(), text=text)
    speech.full_clean()
    speech.save()
    return speech


@transaction.atomic
def mark_speech_delivered(*, actor, speech, delivered: bool = True):
    _require_staff(actor)
    speech = (
        Speech.objects.select_for_update().select_related("meeting", "member").get(pk=speech.pk)
    )
    if speech.meeting.starts_at > timezone.now():
        raise ValidationError(_("A speech can only be delivered once the meeting has begun."))
    speech.delivered, speech.marked_by = delivered, actor
    speech.save(update_fields=["delivered", "marked_by"])
    if delivered:
        record_duty(
            member=speech.member,
            kind=DutyKind.SPEECH,
            source=speech,
            occurred_on=timezone.localdate(speech.meeting.starts_at),
            title=speech.title,
            recorded_by=actor,
        )
    else:
        void_duty(
            member=speech.member,
            kind=DutyKind.SPEECH,
            source=speech,
            reason=_("Marked as not delivered."),
        )
    return speech
