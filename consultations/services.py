"""Every write of the consultations app: keyword-only, one transaction each, permission-checked;
they record the timeline, the duty ledger and the notifications."""

from datetime import date, datetime, time

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc_portal.accounts.roles import Role
from cppcc_portal.core.workflow import bump, lock, record
from cppcc_portal.notifications.calendar import add_working_days
from cppcc_portal.notifications.services import close_deadline, notify, open_deadline
from members.models import DutyKind, DutyRecord, Member, Session, Term
from members.selectors import member_for
from members.services import points_for, record_duty, source_key_for, void_duty

from .duties import FEEDBACK_DUTY, RECTIFICATION_DUTY
from .models import (
    Attendance,
    Consultation,
    ConsultationEvent,
    ConsultationPlan,
    ConsultationSettings,
    Feedback,
    Inspection,
    Material,
    Meeting,
    PlanItem,
    Rectification,
    ResearchProject,
    ResearchReport,
    Speech,
    SupervisionItem,
    SupervisionPlan,
)
from .rules import can_manage, is_invited_supervisor, may_move
from .workflow import ACTION_INTO, MACHINE, RECTIFICATION_MACHINE

SIGN_IN_ATTEMPTS = 10

# --- helpers -------------------------------------------------------------------------


def _require_staff(actor):
    if not can_manage(actor):
        raise PermissionDenied(_("Only consultation staff may do this."))


def _require_member(actor) -> Member:
    member = member_for(actor)
    if member is None:
        raise PermissionDenied(_("Your account is not linked to a member record."))
    return member


def staff_users():
    User = get_user_model()
    return list(
        User.objects.filter(groups__name=Role.CONSULTATION_STAFF, is_active=True).distinct()
    )


STALE = _("Someone else has changed this item meanwhile; reload the page and try again.")


def _move(machine, obj, name, *, actor, version=None, **fields):
    """One transition of `machine` on `obj` under the kernel's guard: the row is locked, a
    page built on an older version is refused as stale, the state table refuses a move the
    state does not allow; then the fields and the state are written and the version bumped.
    The caller's object follows (state, fields, version). Returns (from, to)."""
    if not may_move(actor, obj):
        raise PermissionDenied(_("Only consultation staff may do this."))
    locked = lock(obj, version=version, message=STALE)
    transition = machine.check(locked, name)
    source = locked.state
    for field, value in fields.items():
        setattr(locked, field, value)
    locked.state = transition.target
    locked.full_clean()
    bump(locked, "state", *fields)
    for field in ("state", "version", "updated_at", *fields):
        setattr(obj, field, getattr(locked, field))
    return source, locked.state


def _step(consultation, name, *, actor, version=None, comment="", **fields):
    """A step of the consultation's life, recorded in its timeline."""
    source, target = _move(MACHINE, consultation, name, actor=actor, version=version, **fields)
    record(
        ConsultationEvent,
        actor=actor,
        action=name,
        from_state=source,
        to_state=target,
        comment=comment,
        consultation=consultation,
    )
    return consultation


def _local_start(day: date, at: time = time(9, 0)) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


# --- Plans ---------------------------------------------------------------------------


@transaction.atomic
def save_plan(*, actor, plan=None, year, title, approved_on=None, approval_document=None):
    _require_staff(actor)
    plan = plan or ConsultationPlan()
    plan.year, plan.title, plan.approved_on = year, title, approved_on
    if approval_document:
        plan.approval_document = approval_document
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def save_plan_item(
    *,
    actor,
    plan,
    item=None,
    topic,
    form,
    planned_month,
    lead_leader="",
    committee=None,
    responsible_units=(),
    participating_units=(),
    other_departments="",
):
    _require_staff(actor)
    item = item or PlanItem(plan=plan)
    item.topic, item.form, item.planned_month = topic, form, planned_month
    item.lead_leader, item.committee, item.other_departments = (
        lead_leader,
        committee,
        other_departments,
    )
    item.full_clean()
    item.save()
    item.responsible_units.set(responsible_units)
    item.participating_units.set(participating_units)
    return item


def _new_consultation(*, actor, scheduled_on, venue, start_time=None, **fields):
    consultation = Consultation(
        year=scheduled_on.year, scheduled_on=scheduled_on, venue=venue, created_by=actor, **fields
    )
    consultation.full_clean()
    consultation.save()
    record(
        ConsultationEvent,
        actor=actor,
        action=ACTION_INTO[consultation.state],
        to_state=consultation.state,
        consultation=consultation,
    )
    Meeting.objects.create(
        kind=Meeting.Kind.CONSULTATION,
        consultation=consultation,
        title=consultation.topic,
        starts_at=_local_start(scheduled_on, start_time or time(9, 0)),
        venue=venue,
        created_by=actor,
    )
    return consultation


@transaction.atomic
def schedule_plan_item(*, actor, item, scheduled_on, venue="", start_time=None):
    """A plan item becomes a consultation (with its meeting) when it is scheduled."""
    _require_staff(actor)
    item = PlanItem.objects.select_for_update().select_related("plan").get(pk=item.pk)
    if Consultation.objects.filter(plan_item=item).exists():
        raise ValidationError(_("This plan item has already been scheduled."))
    if scheduled_on.year != item.plan.year:
        raise ValidationError(_("Schedule the item within the plan's year."))
    return _new_consultation(
        actor=actor,
        scheduled_on=scheduled_on,
        venue=venue,
        start_time=start_time,
        plan_item=item,
        topic=item.topic,
        form=item.form,
        committee=item.committee,
        lead_leader=item.lead_leader,
    )


@transaction.atomic
def create_unplanned_consultation(
    *, actor, topic, form, scheduled_on, committee=None, lead_leader="", venue="", start_time=None
):
    """A consultation outside the yearly plan; it is shown as unplanned."""
    _require_staff(actor)
    if not topic.strip():
        raise ValidationError({"topic": _("Give the topic.")})
    return _new_consultation(
        actor=actor,
        scheduled_on=scheduled_on,
        venue=venue,
        start_time=start_time,
        topic=topic.strip(),
        form=form,
        committee=committee,
        lead_leader=lead_leader,
    )


# --- A consultation's life ---------------------------------------------------------------


@transaction.atomic
def start_preparing(*, actor, consultation, version=None):
    return _step(consultation, "start_preparing", actor=actor, version=version)


@transaction.atomic
def add_material(*, actor, consultation, kind, title, summary="", file=None):
    _require_staff(actor)
    if not consultation.meta.materials:
        raise ValidationError(_("Materials can only be added before the meeting is held."))
    if not file and not summary.strip():
        raise ValidationError(_("Attach a file or write the material's text."))
    material = Material(
        consultation=consultation, kind=kind, title=title, summary=summary, uploaded_by=actor
    )
    if file:
        material.file = file
    material.full_clean()
    material.save()
    return material


@transaction.atomic
def record_held(
    *, actor, consultation, held_on, venue, officials_present="", minutes="", version=None
):
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A meeting cannot be held in the future.")})
    if not venue.strip():
        raise ValidationError({"venue": _("Give the venue.")})
    return _step(
        consultation,
        "hold",
        actor=actor,
        version=version,
        held_on=held_on,
        venue=venue.strip(),
        officials_present=officials_present,
        minutes=minutes,
    )


@transaction.atomic
def send_outcome(
    *,
    actor,
    consultation,
    outcome_kind,
    outcome_title,
    sent_on,
    outcome_text="",
    outcome_document=None,
    recipients="区委、区政府",
    version=None,
):
    """The outcome goes to the Party committee and government; their feedback is due in the
    configured number of working days."""
    if not outcome_text.strip() and not outcome_document:
        raise ValidationError(_("Attach the outcome document or write its text."))
    if consultation.held_on and sent_on < consultation.held_on:
        raise ValidationError({"sent_on": _("The outcome cannot be sent before the meeting.")})
    days = ConsultationSettings.current().feedback_working_days
    fields = {
        "outcome_kind": outcome_kind,
        "outcome_title": outcome_title,
        "outcome_text": outcome_text,
        "outcome_sent_on": sent_on,
        "outcome_recipients": recipients,
        "feedback_due_on": add_working_days(sent_on, days),
    }
    if outcome_document:
        fields["outcome_document"] = outcome_document
    _step(consultation, "send_outcome", actor=actor, version=version, **fields)
    url = reverse("consultations:detail", args=[consultation.pk])
    staff = staff_users()
    title = _("Feedback due on %(date)s: %(topic)s") % {
        "date": consultation.feedback_due_on.isoformat(),
        "topic": consultation.topic,
    }
    open_deadline(
        target=consultation,
        duty=FEEDBACK_DUTY,
        due_on=consultation.feedback_due_on,
        responsible=staff,
        title=title,
        url=url,
    )
    notify(
        recipients=staff,
        kind="consultation.feedback_due",
        title=title,
        target=consultation,
        url=url,
    )
    return consultation


@transaction.atomic
def record_feedback(
    *,
    actor,
    consultation,
    result,
    received_on,
    text,
    leader_instructions="",
    suggestions_answered="",
    speeches=(),
    version=None,
):
    if not text.strip():
        raise ValidationError({"text": _("Give the feedback's text.")})
    if consultation.outcome_sent_on and received_on < consultation.outcome_sent_on:
        raise ValidationError(
            {"received_on": _("Feedback cannot arrive before the outcome was sent.")}
        )
    speeches = list(speeches)
    if any(s.meeting.consultation_id != consultation.pk for s in speeches):
        raise ValidationError(_("Link only speeches made in this consultation."))
    _step(consultation, "receive_feedback", actor=actor, version=version)
    feedback = Feedback(
        consultation=consultation,
        result=result,
        received_on=received_on,
        text=text,
        leader_instructions=leader_instructions,
        suggestions_answered=suggestions_answered,
        recorded_by=actor,
    )
    feedback.full_clean()
    feedback.save()
    feedback.speeches.set(speeches)
    close_deadline(target=consultation, duty=FEEDBACK_DUTY)
    return feedback


@transaction.atomic
def close_consultation(*, actor, consultation, version=None):
    return _step(consultation, "close", actor=actor, version=version)


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


@transaction.atomic
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
    _require_staff(actor)
    if open and meeting.attendance_closed:
        raise ValidationError(_("Attendance for this meeting is closed."))
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
    if not meeting.sign_in_open or meeting.attendance_closed:
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


# --- Democratic supervision --------------------------------------------------------------


@transaction.atomic
def save_supervision_plan(*, actor, plan=None, year, title, approved_on=None):
    _require_staff(actor)
    plan = plan or SupervisionPlan()
    plan.year, plan.title, plan.approved_on = year, title, approved_on
    plan.full_clean()
    plan.save()
    return plan


def _check_supervisors(supervisors):
    bad = [m.name for m in supervisors if not is_invited_supervisor(m)]
    if bad:
        raise ValidationError(_("Not an invited supervisor: %(names)s") % {"names": "、".join(bad)})


@transaction.atomic
def save_supervision_item(
    *,
    actor,
    plan,
    item=None,
    topic,
    form,
    planned_month,
    target_unit=None,
    committee=None,
    supervisors=(),
):
    _require_staff(actor)
    supervisors = list(supervisors)
    _check_supervisors(supervisors)
    item = item or SupervisionItem(plan=plan)
    item.topic, item.form, item.planned_month = topic, form, planned_month
    item.target_unit, item.committee = target_unit, committee
    item.full_clean()
    item.save()
    item.supervisors.set(supervisors)
    return item


@transaction.atomic
def create_inspection(
    *,
    actor,
    title,
    held_on,
    place="",
    summary="",
    committee=None,
    target_unit=None,
    supervision_item=None,
    participants=(),
    supervisors=(),
):
    _require_staff(actor)
    supervisors = list(supervisors)
    _check_supervisors(supervisors)
    inspection = Inspection(
        title=title,
        held_on=held_on,
        place=place,
        summary=summary,
        committee=committee,
        target_unit=target_unit,
        supervision_item=supervision_item,
    )
    inspection.full_clean()
    inspection.save()
    inspection.supervisors.set(supervisors)
    set_inspection_participants(actor=actor, inspection=inspection, members=participants)
    return inspection


@transaction.atomic
def set_inspection_participants(*, actor, inspection, members):
    """Participants earn an inspection duty record; those removed lose it."""
    _require_staff(actor)
    members = list(members)
    before = set(inspection.participants.all())
    after = set(members)
    if inspection.held_on > timezone.localdate() and after:
        # invited for a future inspection: the duty is recorded once it has taken place
        inspection.participants.set(members)
        return inspection
    inspection.participants.set(members)
    for m in before - after:
        void_duty(
            member=m,
            kind=DutyKind.INSPECTION,
            source=inspection,
            reason=_("Removed from the inspection."),
        )
    for m in after:
        record_duty(
            member=m,
            kind=DutyKind.INSPECTION,
            source=inspection,
            occurred_on=inspection.held_on,
            title=inspection.title,
            recorded_by=actor,
        )
    return inspection


def _rectification_people(item):
    unit = item.responsible_unit
    people = list(unit.liaisons.all())
    if unit.head_user_id:
        people.append(unit.head_user)
    return people


@transaction.atomic
def add_finding(*, actor, inspection, finding, responsible_unit, deadline):
    """A problem found: it becomes a rectification item with a tracked deadline."""
    _require_staff(actor)
    if not finding.strip():
        raise ValidationError({"finding": _("Describe the problem found.")})
    if deadline < inspection.held_on:
        raise ValidationError({"deadline": _("The deadline must follow the inspection.")})
    item = Rectification(
        inspection=inspection,
        finding=finding.strip(),
        responsible_unit=responsible_unit,
        deadline=deadline,
    )
    item.full_clean()
    item.save()
    _open_rectification_deadline(item)
    return item


def _open_rectification_deadline(item):
    url = reverse("consultations:rectification_detail", args=[item.pk])
    title = _("Rectification due on %(date)s: %(finding)s") % {
        "date": item.deadline.isoformat(),
        "finding": str(item),
    }
    people = _rectification_people(item)
    open_deadline(
        target=item,
        duty=RECTIFICATION_DUTY,
        due_on=item.deadline,
        responsible=people + staff_users(),
        title=title,
        url=url,
        unit_id=item.responsible_unit_id,
    )
    notify(
        recipients=people + staff_users(),
        kind="inspection.rectification_due",
        title=title,
        target=item,
        url=url,
    )


@transaction.atomic
def start_rectification(*, actor, item, version=None):
    _move(RECTIFICATION_MACHINE, item, "start", actor=actor, version=version)
    return item


@transaction.atomic
def report_rectification(*, actor, item, feedback, reported_on, version=None):
    if not feedback.strip():
        raise ValidationError({"feedback": _("Give the department's feedback.")})
    _move(
        RECTIFICATION_MACHINE,
        item,
        "report",
        actor=actor,
        version=version,
        feedback=feedback.strip(),
        reported_on=reported_on,
    )
    return item


@transaction.atomic
def verify_rectification(
    *, actor, item, accepted: bool, verification, new_deadline=None, version=None
):
    """Staff check the rectification: verified (deadline met) or reopened with a new date."""
    if not verification.strip():
        raise ValidationError({"verification": _("Record what the verification found.")})
    if accepted:
        _move(
            RECTIFICATION_MACHINE,
            item,
            "verify",
            actor=actor,
            version=version,
            verification=verification.strip(),
            verified_on=timezone.localdate(),
            verified_by=actor,
        )
        close_deadline(target=item, duty=RECTIFICATION_DUTY)
        return item
    if new_deadline is None or new_deadline <= timezone.localdate():
        raise ValidationError({"new_deadline": _("Give a new deadline in the future.")})
    _move(
        RECTIFICATION_MACHINE,
        item,
        "reopen",
        actor=actor,
        version=version,
        verification=verification.strip(),
        deadline=new_deadline,
    )
    _open_rectification_deadline(item)
    return item


# --- Research ------------------------------------------------------------------------------


@transaction.atomic
def save_research_project(
    *, actor, project=None, committee, topic, starts_on, ends_on, summary="", members=()
):
    """A research project; its members earn a research duty record (removed ones lose it)."""
    _require_staff(actor)
    project = project or ResearchProject()
    before = set(project.members.all()) if project.pk else set()
    project.committee, project.topic = committee, topic
    project.starts_on, project.ends_on, project.summary = starts_on, ends_on, summary
    project.full_clean()
    project.save()
    members = set(members)
    project.members.set(members)
    for m in before - members:
        void_duty(
            member=m, kind=DutyKind.RESEARCH, source=project, reason=_("Removed from the project.")
        )
    for m in members:
        record_duty(
            member=m,
            kind=DutyKind.RESEARCH,
            source=project,
            occurred_on=starts_on,
            title=topic,
            recorded_by=actor,
        )
    return project


@transaction.atomic
def submit_research_report(
    *, actor, title, text="", file=None, project=None, author_member=None, author_committee=None
):
    """A member submits their own report; staff may file one for a member or a committee."""
    if can_manage(actor):
        if author_member is None and author_committee is None:
            raise ValidationError(_("Name the member or committee who wrote the report."))
    else:
        author_member = _require_member(actor)
        author_committee = None
        if project is not None and not project.members.filter(pk=author_member.pk).exists():
            raise PermissionDenied(_("You are not a member of this research project."))
    if not title.strip():
        raise ValidationError({"title": _("Give the report's title.")})
    if not text.strip() and not file:
        raise ValidationError(_("Attach the report or write its text."))
    report = ResearchReport(
        project=project,
        title=title.strip(),
        text=text,
        author_member=author_member,
        author_committee=author_committee,
        submitted_on=timezone.localdate(),
        submitted_by=actor,
    )
    if file:
        report.file = file
    report.full_clean()
    report.save()
    if author_member is not None:
        record_duty(
            member=author_member,
            kind=DutyKind.RESEARCH_REPORT,
            source=report,
            occurred_on=report.submitted_on,
            title=report.title,
            recorded_by=actor,
        )
    return report
