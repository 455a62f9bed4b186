"""办, the answer: contacts with the proposer, the co-units' views, the units' rating of the
proposal, extensions of the reply deadline. The reply and its sign-off: services.signoff."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cppcc_portal.notifications import calendar
from cppcc_portal.notifications.services import close_deadline, notify, open_deadline

from .. import workflow
from ..models import (
    Assignment,
    Communication,
    ExtensionRequest,
    Proposal,
    QualityRating,
)
from ._base import (
    DUTY,
    S,
    _clean_text,
    _config,
    _escalation,
    _event,
    _require_staff,
    _today,
    _touch,
    _url,
    staff_users,
    unit_party,
    unit_users,
)
from .assignment import _lock_assignment


@transaction.atomic
def record_communication(
    *, actor, assignment: Assignment, method: str, occurred_on: date, summary: str
) -> Communication:
    a = _lock_assignment(assignment, actor)
    p = Proposal.objects.select_for_update().get(pk=a.proposal_id)
    if a.state != Assignment.State.ACTIVE or not a.signed_at:
        raise ValidationError(_("Sign for the proposal before recording contacts."))
    if not workflow.meta(p).units_act:
        raise ValidationError(_("This proposal is not with the units now."))
    if method not in Communication.Method.values:
        raise ValidationError({"method": _("Choose how you contacted the proposer.")})
    if occurred_on is None or occurred_on > _today():
        raise ValidationError({"occurred_on": _("The date cannot be in the future.")})
    summary = _clean_text(
        summary, field="summary", label=pgettext("proposal", "Summary"), max_length=4000
    )
    c = Communication.objects.create(
        proposal=p,
        unit=a.unit,
        method=method,
        occurred_on=occurred_on,
        summary=summary,
        round=p.rehandling_rounds + 1,
        recorded_by=actor,
    )
    _event(
        p,
        actor=actor,
        action="communicate",
        comment=f"{a.unit.name} · {c.get_method_display()}: {summary[:200]}",
    )
    return c


@transaction.atomic
def send_views(*, actor, assignment: Assignment, views: str) -> Assignment:
    a = _lock_assignment(assignment, actor)
    if a.role != Assignment.Role.CO:
        raise ValidationError(_("Only co-units send views to the lead unit."))
    if a.state != Assignment.State.ACTIVE:
        raise ValidationError(_("This assignment is not active."))
    if a.views_at:
        raise ValidationError(_("Your unit has already sent its views."))
    p = a.proposal
    if not workflow.meta(p).units_act:
        raise ValidationError(_("This proposal is not with the units now."))
    a.views = _clean_text(views, field="views", label=_("Views"), max_length=8000)
    a.views_at = timezone.now()
    if not a.signed_at:
        a.signed_at, a.signed_by = a.views_at, actor
        close_deadline(target=a, duty=DUTY["signfor"])
    a.save(update_fields=["views", "views_at", "signed_at", "signed_by"])
    close_deadline(target=a, duty=DUTY["views"])
    _event(p, actor=actor, action="co_views", comment=a.unit.name)
    lead = p.assignments.filter(role=Assignment.Role.LEAD, state=Assignment.State.ACTIVE).first()
    if lead:
        notify(
            recipients=unit_users(lead.unit),
            kind="proposal.co_views",
            title=_("%(unit)s sent its views on proposal %(number)s")
            % {"unit": a.unit.name, "number": p.number_display},
            target=p,
            url=_url(p),
        )
    return a


@transaction.atomic
def rate_quality(
    *, actor, assignment: Assignment, topic: int, analysis: int, feasibility: int, comment=""
) -> QualityRating:
    a = _lock_assignment(assignment, actor)
    if a.state == Assignment.State.RELEASED:
        raise ValidationError(_("This assignment is not active."))
    if QualityRating.objects.filter(proposal_id=a.proposal_id, unit=a.unit).exists():
        raise ValidationError(_("Your unit has already rated this proposal."))
    rating = QualityRating(
        proposal_id=a.proposal_id,
        unit=a.unit,
        topic=topic,
        analysis=analysis,
        feasibility=feasibility,
        comment=(comment or "")[:2000],
        rated_by=actor,
    )
    rating.full_clean()
    rating.save()
    _event(
        a.proposal,
        actor=actor,
        action="quality_rating",
        comment=f"{a.unit.name}: {topic}/{analysis}/{feasibility}",
    )
    return rating


@transaction.atomic
def request_extension(
    *, actor, assignment: Assignment, until: date, reason: str
) -> ExtensionRequest:
    a = _lock_assignment(assignment, actor)
    p = a.proposal
    if a.role == Assignment.Role.CO or a.state != Assignment.State.ACTIVE:
        raise ValidationError(_("Only an active lead or split unit may ask for more time."))
    if p.status not in {S.ASSIGNED, S.HANDLING}:
        raise ValidationError(_("An extension is possible only before the reply."))
    reason = _clean_text(reason, field="reason", label=_("Reason"), max_length=2000)
    if until is None or until <= a.due_on:
        raise ValidationError({"until": _("The new date must be after the current due date.")})
    limit = calendar.add_months(timezone.localdate(a.assigned_at), _config().extension_max_months)
    if until > limit:
        raise ValidationError({"until": _("At most until %(date)s.") % {"date": limit.isoformat()}})
    if a.extensions.filter(state=ExtensionRequest.State.PENDING).exists():
        raise ValidationError(_("A request for more time is already pending."))
    req = ExtensionRequest.objects.create(
        assignment=a, reason=reason, requested_until=until, requested_by=actor
    )
    _event(
        p,
        actor=actor,
        action="extension_request",
        comment=f"{a.unit.name}: {until.isoformat()} {reason}",
    )
    notify(
        recipients=staff_users(),
        kind="proposal.extension_request",
        title=_("%(unit)s asks for more time on proposal %(number)s")
        % {"unit": a.unit.name, "number": p.number_display},
        body=reason,
        target=p,
        url=_url(p),
    )
    return req


@transaction.atomic
def decide_extension(*, actor, request: ExtensionRequest, approve: bool) -> ExtensionRequest:
    _require_staff(actor)
    req = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    if req.state != ExtensionRequest.State.PENDING:
        raise ValidationError(_("This request has already been decided."))
    a = Assignment.objects.select_for_update().select_related("unit").get(pk=req.assignment_id)
    p = Proposal.objects.select_for_update().get(pk=a.proposal_id)
    req.state = ExtensionRequest.State.APPROVED if approve else ExtensionRequest.State.REJECTED
    req.decided_by, req.decided_at = actor, timezone.now()
    req.save()
    if approve:
        a.due_on = req.requested_until
        a.save(update_fields=["due_on"])
        close_deadline(target=a, duty=DUTY["reply"], cancelled=True)
        open_deadline(
            target=a,
            duty=DUTY["extension"],
            due_on=a.due_on,
            responsible=[unit_party(a.unit)],
            title=_("Reply to proposal %(number)s (extended)") % {"number": p.number_display},
            url=_url(p),
            escalation=_escalation(a.unit, p),
            unit_id=a.unit_id,
            unit_name=a.unit.name,
        )
        p.reply_due_on = max(p.reply_due_on or a.due_on, a.due_on)
        _touch(p, "reply_due_on")
    _event(
        p,
        actor=actor,
        action="extension_approved" if approve else "extension_rejected",
        comment=f"{a.unit.name}: {req.requested_until.isoformat()}",
    )
    notify(
        recipients=unit_users(a.unit),
        kind="proposal.extension_decided",
        title=(
            _("Extension for proposal %(number)s approved")
            if approve
            else _("Extension for proposal %(number)s refused")
        )
        % {"number": p.number_display},
        target=p,
        url=_url(p),
    )
    return req
