"""Democratic supervision: plans and items, inspections and their participants, findings
and the rectification of each on its state table."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cppcc_portal.notifications.services import close_deadline, notify, open_deadline
from members.models import DutyKind
from members.services import record_duty, void_duty

from ..duties import RECTIFICATION_DUTY
from ..models import (
    Inspection,
    Rectification,
    SupervisionItem,
    SupervisionPlan,
)
from ..rules import is_invited_supervisor, may_rectify
from ..workflow import RECTIFICATION_MACHINE
from ._base import _move, _require_staff, staff_users

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


# the inspected department reports its own rectification (rules.may_rectify)
_DEPARTMENT = {
    "may": may_rectify,
    "refusal": gettext_lazy("Only consultation staff or the responsible department may do this."),
}


@transaction.atomic
def start_rectification(*, actor, item, version=None):
    """Staff, or the responsible department itself, start the rectification."""
    _move(RECTIFICATION_MACHINE, item, "start", actor=actor, version=version, **_DEPARTMENT)
    return item


@transaction.atomic
def report_rectification(*, actor, item, feedback, reported_on, version=None):
    """The department's report of what it rectified (its progress and evidence), or staff
    recording it for the department; staff then verify."""
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
        **_DEPARTMENT,
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
