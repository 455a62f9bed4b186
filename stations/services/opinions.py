"""Residents' opinions at a station: recording one, each step of its life (stations.workflow)
and its conversion into a social-opinion report or a proposal.

Every step locks the row and refuses a caller that read an older version (a stale page),
asks the rule who may take it (stations.rules) and the state table whether the opinion's
state allows it, then saves with the version bumped and a line in the timeline."""

import secrets
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc_portal.core.workflow import bump, lock, record
from cppcc_portal.notifications.calendar import add_working_days
from cppcc_portal.notifications.services import close_deadline, open_deadline
from members.models import Member

from .. import rules, workflow
from ..duties import REFERRAL_DUTY
from ..models import Activity, Opinion, OpinionEvent, Station
from . import livelihood
from ._base import _require_station, station_managers

REFERRAL_WORKING_DAYS = 15
RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _receipt_code() -> str:
    while True:
        code = "".join(secrets.choice(RECEIPT_ALPHABET) for _i in range(10))
        if not Opinion.objects.filter(receipt_code=code).exists():
            return code


def _validate_opinion(*, category, content):
    errors = {}
    if category not in Opinion.Category.values:
        errors["category"] = _("Choose a category.")
    content = (content or "").strip()
    if len(content) < 5:
        errors["content"] = _("Please describe the matter in a few words at least.")
    elif len(content) > 2000:
        errors["content"] = _("Please keep it under 2,000 characters.")
    if errors:
        raise ValidationError(errors)
    return content


def _new_opinion(*, station, source, category, content, resident_name, resident_contact, **extra):
    content = _validate_opinion(category=category, content=content)
    opinion = Opinion(
        station=station,
        source=source,
        category=category,
        content=content,
        resident_name=(resident_name or "").strip()[:40],
        resident_contact=(resident_contact or "").strip()[:40],
        receipt_code=_receipt_code(),
        received_at=timezone.now(),
        **extra,
    )
    opinion.full_clean()
    opinion.save()
    record(
        OpinionEvent,
        opinion=opinion,
        actor=extra.get("recorded_by"),
        action="receive",
        to_state=opinion.state,
    )
    return opinion


@transaction.atomic
def record_opinion(
    *,
    actor,
    station: Station,
    category: str,
    content: str,
    resident_name: str = "",
    resident_contact: str = "",
    activity: Activity | None = None,
) -> Opinion:
    """An opinion heard at the station or at one of its activities."""
    _require_station(actor, station)
    if activity is not None and activity.station_id != station.pk:
        raise ValidationError({"activity": _("That activity belongs to another station.")})
    return _new_opinion(
        station=station,
        source=Opinion.Source.ACTIVITY if activity else Opinion.Source.STATION,
        category=category,
        content=content,
        resident_name=resident_name,
        resident_contact=resident_contact,
        activity=activity,
        recorded_by=actor,
    )


# --- the steps ---------------------------------------------------------------------------------


def _require_handler(actor, opinion):
    if not rules.may_handle(actor, opinion):
        raise PermissionDenied(_("You may act only on your own station."))


def _require_converter(actor, opinion, may):
    _require_handler(actor, opinion)
    if not may(actor, opinion):
        raise PermissionDenied(_("You may not make this conversion here."))


def _lock(opinion: Opinion) -> Opinion:
    """Lock the row; a caller that read an older version is refused, told what it is now."""
    try:
        return lock(opinion)
    except ValidationError as exc:
        if getattr(exc, "code", None) != "stale":
            raise
        now = Opinion.objects.only("state").get(pk=opinion.pk)
        message = str(workflow.STALE_MESSAGE) % {"state": workflow.MACHINE.label(now)}
        raise ValidationError(message, code="stale") from None


def _sync(target: Opinion, source: Opinion) -> Opinion:
    """Hand the caller's object the new state, so its next call is not refused as stale."""
    if target is not source:
        for field in Opinion._meta.concrete_fields:
            setattr(target, field.attname, getattr(source, field.attname))
    return source


def _move(opinion: Opinion, action: str, *, actor, comment: str = "", **changes) -> Opinion:
    """Take a step on a locked opinion: the state table allows it or refuses naming the state;
    the changes are saved with the new state, the version moves on, the timeline records it."""
    step = workflow.check(opinion, action)
    from_state = opinion.state
    for field, value in changes.items():
        setattr(opinion, field, value)
    fields = [*changes]
    if step.target:
        opinion.state = step.target
        fields.append("state")
    if opinion.meta.solved and opinion.resolved_at is None:
        opinion.resolved_at = timezone.now()
        fields.append("resolved_at")
    if opinion.meta.terminal:
        opinion.closed_at = timezone.now()
        fields.append("closed_at")
    opinion.full_clean()
    bump(opinion, *fields)
    record(
        OpinionEvent,
        opinion=opinion,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=opinion.state,
        comment=comment,
    )
    return opinion


def _require_text(value, field, message):
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _take(actor, opinion, action, *, before=None, comment="", **changes) -> Opinion:
    """One step in the caller's transaction: the rule admits the actor, the row is locked
    (a stale caller refused), `before(locked)` may refuse, then the move; the caller's object
    gets the new state."""
    _require_handler(actor, opinion)
    locked = _lock(opinion)
    if before is not None:
        before(locked)
    _move(locked, action, actor=actor, comment=comment, **changes)
    return _sync(opinion, locked)


@transaction.atomic
def start_handling(*, actor, opinion: Opinion, note: str = "") -> Opinion:
    return _take(actor, opinion, "start", comment=note, handling_note=note.strip())


def _helper(member, opinion) -> dict:
    """The member who helped (optional): their part makes the matter one of their five ones."""
    if member is None:
        return {}
    _check_member(member)
    return {"taken_up_by": member}


@transaction.atomic
def resolve_on_spot(*, actor, opinion: Opinion, result: str, member: Member | None = None):
    """Resolved on the spot; with the member who helped, it is their livelihood matter
    (一件民生实事), recorded now by whoever resolved it."""
    result = _require_text(result, "result", _("Say how the matter was resolved."))
    changes = _helper(member, opinion)
    opinion = _take(actor, opinion, "resolve", comment=result, result=result, **changes)
    livelihood.record_for_opinion(actor=actor, opinion=opinion)
    return opinion


@transaction.atomic
def refer_to_department(
    *,
    actor,
    opinion: Opinion,
    department,
    due_on: date | None = None,
    note: str = "",
    member: Member | None = None,
) -> Opinion:
    """Refer to a department for an answer by a deadline the notifications engine tracks;
    `member` follows it up (once the answer closes it, a livelihood matter of theirs)."""
    if department is None:
        raise ValidationError({"department": _("Choose the department.")})
    due_on = due_on or add_working_days(timezone.localdate(), REFERRAL_WORKING_DAYS)
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": _("The deadline cannot be in the past.")})
    opinion = _take(
        actor,
        opinion,
        "refer",
        comment=note or department.name,
        department=department,
        referral_due_on=due_on,
        handling_note=note.strip() or opinion.handling_note,
        **_helper(member, opinion),
    )
    open_deadline(
        target=opinion,
        duty=REFERRAL_DUTY,
        due_on=due_on,
        responsible=station_managers(opinion.station),
        title=_("Department's answer to a resident's opinion (%(code)s)")
        % {"code": opinion.receipt_code},
        url=opinion.get_absolute_url(),
        unit_id=department.pk,
    )
    return opinion


@transaction.atomic
def record_department_answer(*, actor, opinion: Opinion, answer: str) -> Opinion:
    answer = _require_text(answer, "answer", _("Enter the department's answer."))
    opinion = _take(actor, opinion, "answer", comment=answer, department_answer=answer)
    close_deadline(target=opinion, duty=REFERRAL_DUTY)
    return opinion


def _check_member(member):
    if member is None:
        raise ValidationError({"member": _("Choose the member who takes it up.")})
    if member.status != Member.Status.SITTING:
        raise ValidationError({"member": _("Only a sitting member can take it up.")})


@transaction.atomic
def convert_to_report(*, actor, opinion: Opinion, member: Member, title: str, content: str):
    """Turn the opinion into a social-opinion report in a member's name (社情民意)."""
    _require_converter(actor, opinion, rules.may_convert_report)
    from opinions import services as report_services

    _check_member(member)
    title = _require_text(title, "title", _("Give the report a title."))
    content = _require_text(content, "content", _("Write the report's content."))
    opinion = _take(actor, opinion, "convert_report", comment=title, taken_up_by=member)
    report = report_services.create_report_from_conversion(
        actor=actor, member=member, title=title, content=content, source=opinion
    )
    return _link_conversion(opinion, report)


@transaction.atomic
def convert_to_proposal(
    *, actor, opinion: Opinion, member: Member, title: str, analysis: str, suggestions: str
):
    """Turn the opinion into a draft proposal of the member who takes it up."""
    _require_converter(actor, opinion, rules.may_convert_proposal)
    from proposals import services as proposal_services

    _check_member(member)
    title = _require_text(title, "title", _("Give the proposal a title."))
    analysis = _require_text(analysis, "analysis", _("Write the situation analysis."))
    suggestions = _require_text(suggestions, "suggestions", _("Write the suggestions."))
    opinion = _take(actor, opinion, "convert_proposal", comment=title, taken_up_by=member)
    proposal = proposal_services.create_draft_from(
        actor=actor,
        member=member,
        title=title,
        analysis=analysis,
        suggestions=suggestions,
        source=opinion,
    )
    return _link_conversion(opinion, proposal)


def _link_conversion(opinion, target):
    from django.contrib.contenttypes.models import ContentType

    opinion.conversion_type = ContentType.objects.get_for_model(target)
    opinion.conversion_id = target.pk
    bump(opinion, "conversion_type", "conversion_id")
    return opinion


def _answer_first(opinion):
    if opinion.meta.with_department and not opinion.department_answer:
        raise ValidationError(_("Record the department's answer before closing."))


@transaction.atomic
def close_opinion(*, actor, opinion: Opinion, result: str) -> Opinion:
    """Close with the result told to the resident (what the public lookup shows); a referred
    opinion needs the department's answer first."""
    result = _require_text(result, "result", _("Say what the resident was told."))
    opinion = _take(actor, opinion, "close", before=_answer_first, comment=result, result=result)
    close_deadline(target=opinion, duty=REFERRAL_DUTY, cancelled=True)
    livelihood.record_for_opinion(actor=actor, opinion=opinion)
    return opinion
