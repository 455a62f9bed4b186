"""The yearly consultation plan and its items; a scheduled item (or an unplanned topic)
becomes a consultation with its meeting."""

from datetime import time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cppcc_portal.core.workflow import record
from members.terms.guard import ensure_date_open

from ..models import (
    Consultation,
    ConsultationEvent,
    ConsultationPlan,
    Meeting,
    PlanItem,
)
from ..workflow import ACTION_INTO
from ._base import _local_start, _require_staff

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
    try:
        ensure_date_open(scheduled_on)  # a closed term is read-only (members.terms.guard)
    except ValidationError as exc:
        raise ValidationError({"scheduled_on": exc.messages}) from exc
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
