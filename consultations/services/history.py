"""Past consultations from a sheet (consultations.imports): written in the state they ended in
(outcome sent, or closed with the feedback), with their own dates, the meeting's roll, the
timeline marked imported and the duty records the points table of that year gives for the
attendance. No deadline is opened and nobody is told: nothing here calls notifications. Runs
in the import pipeline's transaction."""

from datetime import date, datetime, time

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc_portal.core.models import ImportedRecord
from cppcc_portal.core.workflow import record, record_history
from members.models import DutyRecord, Member
from members.services import record_duty
from members.terms.guard import ensure_date_open

from ..models import (
    Attendance,
    Consultation,
    ConsultationEvent,
    ConsultationPlan,
    Feedback,
    Meeting,
    PlanItem,
)
from ..workflow import ACTION_INTO, ConsultationState
from ._base import _require_staff
from .attendance import duty_kinds_for

S = ConsultationState
IMPORTED = "imported"
MEETING_STARTS = time(9, 0)
FK_FIELDS = ["plan_item", "form", "committee", "created_by"]


def _day(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def _moment(day: date | None, at: time = time(12)):
    """A past date as a time of that day in the district (noon: never on the day's edge)."""
    return timezone.make_aware(datetime.combine(day, at)) if day else None


def _clear(c: Consultation):
    """An update of an imported consultation rebuilds its roll, feedback and timeline from
    the new row; the duty records of the old roll are voided (the ledger keeps them)."""
    attendances = list(
        Attendance.objects.filter(meeting__consultation=c).values_list("pk", flat=True)
    )
    DutyRecord.objects.filter(
        source_type=ContentType.objects.get_for_model(Attendance),
        source_id__in=attendances,
        voided_at__isnull=True,
    ).update(voided_at=timezone.now(), voided_reason=_("re-imported"))
    c.meetings.all().delete()
    Feedback.objects.filter(consultation=c).delete()
    c.events.all().delete()


def _plan_item(c: Consultation, plan: dict, held: date) -> PlanItem | None:
    """A consultation of the yearly plan is an item of that year's plan (made if the year has
    none yet) with its responsible and participating departments."""
    old = c.plan_item if c.plan_item_id else None
    if not plan["in_plan"]:
        return None
    year_plan, _created = ConsultationPlan.objects.get_or_create(
        year=plan["year"],
        defaults={"title": _("Consultation plan of %(year)d") % {"year": plan["year"]}},
    )
    item = old or PlanItem(plan=year_plan)
    item.plan = year_plan
    item.topic = plan["topic"]
    item.form_id = plan["form"]
    item.planned_month = held.month
    item.lead_leader = plan["lead_leader"]
    item.committee_id = plan["committee"]
    item.full_clean(exclude=["plan", "form", "committee"])
    item.save()
    item.responsible_units.set(plan["responsible_units"])
    item.participating_units.set(plan["participating_units"])
    return item


def import_consultation(
    *, actor, plan: dict, consultation: Consultation | None = None
) -> Consultation:
    _require_staff(actor)
    held, sent = _day(plan["held_on"]), _day(plan["outcome_sent_on"])
    ensure_date_open(held)  # a closed term is read-only (members.terms.guard)
    feedback = plan["feedback"]
    c = consultation or Consultation(created_by=actor)
    old_item = None
    if consultation is not None:
        _clear(c)
        old_item = c.plan_item if c.plan_item_id else None
        c.version += 1  # a page built before the re-import is stale
    c.year = plan["year"]
    c.topic = plan["topic"]
    c.form_id = plan["form"]
    c.committee_id = plan["committee"]
    c.lead_leader = plan["lead_leader"]
    c.scheduled_on = c.held_on = held
    c.venue = plan["venue"]
    c.officials_present = plan["officials_present"]
    c.outcome_kind = plan["outcome_kind"]
    c.outcome_title = plan["outcome_title"]
    c.outcome_text = plan["outcome_text"]
    c.outcome_sent_on = sent
    c.outcome_recipients = plan["recipients"]
    c.outcome_due_on = c.feedback_due_on = None  # history: no deadline is opened
    c.state = S.CLOSED if feedback else S.OUTCOME_SENT
    c.plan_item = _plan_item(c, plan, held)
    # the sheet checked every reference; the fields' own rules are checked here
    c.full_clean(exclude=FK_FIELDS, validate_unique=False, validate_constraints=False)
    c.save()
    if old_item is not None and c.plan_item_id != old_item.pk:
        old_item.delete()  # the row no longer puts it in the plan
    Consultation.objects.filter(pk=c.pk).update(created_at=_moment(held))
    meeting = Meeting.objects.create(
        kind=Meeting.Kind.CONSULTATION,
        consultation=c,
        title=c.topic,
        starts_at=_moment(held, MEETING_STARTS),
        venue=c.venue,
        attendance_closed=True,
        created_by=actor,
    )
    _roll(meeting, plan["participants"], held, actor)
    events = [
        (ACTION_INTO[S.PLANNED], "", S.PLANNED, _moment(held, MEETING_STARTS), ""),
        ("start_preparing", S.PLANNED, S.PREPARING, _moment(held, MEETING_STARTS), ""),
        ("hold", S.PREPARING, S.HELD, _moment(held), c.venue),
        ("send_outcome", S.HELD, S.OUTCOME_SENT, _moment(sent), c.outcome_recipients),
    ]
    if feedback:
        received = _day(feedback["received_on"])
        fb = Feedback(
            consultation=c,
            result=feedback["result"],
            received_on=received,
            text=feedback["text"],
            leader_instructions=feedback["leader_instructions"],
            recorded_by=actor,
        )
        fb.full_clean(exclude=["consultation"])
        fb.save()
        label = fb.get_result_display()
        events.append(
            ("receive_feedback", S.OUTCOME_SENT, S.FEEDBACK_RECEIVED, _moment(received), label)
        )
        events.append(("close", S.FEEDBACK_RECEIVED, S.CLOSED, _moment(received), ""))
    record_history(ConsultationEvent, events, consultation=c)
    record(
        ConsultationEvent,
        consultation=c,
        actor=actor,
        action=IMPORTED,
        from_state=c.state,
        to_state=c.state,
        comment=_("Imported from a past record"),
    )
    return c


def _roll(meeting, participants, held, actor):
    """The meeting's attendance as the sheet gives it, and the duty record the points table
    of that year gives for each status (members.services)."""
    rows = Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            member_id=member_id,
            status=status,
            decided_by=actor if status == Attendance.Status.LEAVE_APPROVED else None,
            decided_at=_moment(held) if status == Attendance.Status.LEAVE_APPROVED else None,
        )
        for member_id, status in participants
    )
    kinds = duty_kinds_for(meeting.kind)
    members = Member.objects.in_bulk([a.member_id for a in rows])
    note = _("imported")
    for attendance in rows:
        record_duty(
            member=members[attendance.member_id],
            kind=kinds[attendance.status],
            source=attendance,
            occurred_on=held,
            title=meeting.title,
            note=note,
            recorded_by=actor,
        )


# --- the round trip: consultations in the sheet's own shape --------------------------------


def export_rows(queryset):
    keys = dict(
        ImportedRecord.objects.filter(sheet="consultations").values_list("object_id", "key")
    )
    qs = (
        queryset.select_related("form", "committee", "plan_item", "feedback")
        .prefetch_related(
            "plan_item__responsible_units",
            "plan_item__participating_units",
            Prefetch(
                "meetings__attendances",
                Attendance.objects.select_related("member").order_by("pk"),
            ),
        )
        .order_by("year", "held_on", "id")
    )
    for c in qs.iterator(chunk_size=200):
        item = c.plan_item
        by_status = {status: [] for status in ("attended", "leave_approved", "absent")}
        for meeting in c.meetings.all():
            for a in meeting.attendances.all():
                if a.status in by_status:
                    by_status[a.status].append(a.member.number)
        fb = getattr(c, "feedback", None)
        year, _sep, topic = keys.get(c.pk, f"{c.year}:{c.topic}").partition(":")
        yield {
            "year": int(year),
            "topic": topic,
            "form": c.form.name,
            "held_on": c.held_on.isoformat(),
            "venue": c.venue,
            "committee": c.committee.name if c.committee_id else "",
            "lead_leader": c.lead_leader,
            "in_plan": "是" if item else "否",
            "responsible_units": "、".join(u.name for u in item.responsible_units.all())
            if item
            else "",
            "participating_units": "、".join(u.name for u in item.participating_units.all())
            if item
            else "",
            "officials_present": c.officials_present,
            "attended": "、".join(by_status["attended"]),
            "on_leave": "、".join(by_status["leave_approved"]),
            "absent": "、".join(by_status["absent"]),
            "outcome_kind": c.get_outcome_kind_display() if c.outcome_kind else "",
            "outcome_title": c.outcome_title,
            "outcome_text": c.outcome_text,
            "outcome_sent_on": c.outcome_sent_on.isoformat(),
            "recipients": c.outcome_recipients,
            "feedback_result": fb.get_result_display() if fb else "",
            "feedback_on": fb.received_on.isoformat() if fb else "",
            "feedback_text": fb.text if fb else "",
            "leader_instructions": fb.leader_instructions if fb else "",
        }
