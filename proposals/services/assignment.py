"""办, the assignment: staff assign the units; units sign for a proposal or ask to return it;
staff decide the return."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc_portal.notifications import calendar
from cppcc_portal.notifications.services import close_deadline, notify, open_deadline

from .. import workflow
from ..models import (
    Assignment,
    Proposal,
    ReturnRequest,
)
from ..rules import return_window_open
from ._base import (
    DUTY,
    REPLY_DUTIES,
    S,
    _clean_text,
    _config,
    _escalation,
    _event,
    _lock,
    _move,
    _require_staff,
    _require_unit,
    _sync,
    _today,
    _touch,
    _url,
    staff_users,
    unit_party,
    unit_users,
)


@transaction.atomic
def assign(
    *, actor, proposal: Proposal, lead=None, co_units=(), split_units=(), comment: str = ""
) -> Proposal:
    """交办: one lead unit (+ co-units), or split handling among several units."""
    _require_staff(actor)
    p = _lock(proposal)
    workflow.check(p, "assign")
    co_units, split_units = list(co_units or ()), list(split_units or ())
    if lead and split_units:
        raise ValidationError(_("Choose either a lead unit (with co-units) or split handling."))
    if not lead and not split_units:
        raise ValidationError(_("Choose a lead unit or the units for split handling."))
    if co_units and not lead:
        raise ValidationError(_("Co-units need a lead unit."))
    units = ([lead] if lead else []) + co_units + split_units
    if len({u.pk for u in units}) != len(units):
        raise ValidationError(_("A unit can be chosen only once."))
    inactive = [u.name for u in units if not u.is_active]
    if inactive:
        raise ValidationError(_("Inactive unit: %(names)s") % {"names": "、".join(inactive)})
    config, today = _config(), _today()
    return_due = calendar.add_working_days(today, config.return_window_working_days)
    reply_due = calendar.add_months(today, config.reply_months)
    views_due = calendar.add_months(today, config.co_unit_months)
    roles = (
        ([(lead, Assignment.Role.LEAD)] if lead else [])
        + [(u, Assignment.Role.CO) for u in co_units]
        + [(u, Assignment.Role.SPLIT) for u in split_units]
    )
    p.assigned_at = timezone.now()
    p.reply_due_on = reply_due
    _move(
        p,
        "assign",
        actor=actor,
        comment=comment or "、".join(f"{u.name}({r.label})" for u, r in roles),
        save_fields=("assigned_at", "reply_due_on"),
    )
    for unit, role in roles:
        a = Assignment.objects.create(
            proposal=p,
            unit=unit,
            role=role,
            return_due_on=return_due,
            due_on=views_due if role == Assignment.Role.CO else reply_due,
        )
        _open_unit_deadlines(a, p)
        notify(
            recipients=unit_users(unit),
            kind="proposal.assigned",
            title=_("Proposal %(number)s assigned to your unit (%(role)s)")
            % {"number": p.number_display, "role": role.label},
            body=p.title,
            target=p,
            url=_url(p),
        )
    transaction.on_commit(_retrain)
    return _sync(proposal, p)


def _retrain():
    """The unit suggestion learns from this assignment (proposals.selectors.suggestion)."""
    from ..tasks import request_retrain

    request_retrain()


def _open_unit_deadlines(a: Assignment, p: Proposal):
    escalation = _escalation(a.unit, p)
    responsible = [unit_party(a.unit)]
    open_deadline(
        target=a,
        duty=DUTY["signfor"],
        due_on=a.return_due_on,
        responsible=responsible,
        title=_("Sign for proposal %(number)s") % {"number": p.number_display},
        url=_url(p),
        escalation=escalation,
        unit_id=a.unit_id,
        unit_name=a.unit.name,
    )
    duty = DUTY["views"] if a.role == Assignment.Role.CO else DUTY["reply"]
    open_deadline(
        target=a,
        duty=duty,
        due_on=a.due_on,
        responsible=responsible,
        title=(
            _("Send your views on proposal %(number)s to the lead unit")
            if a.role == Assignment.Role.CO
            else _("Reply to proposal %(number)s")
        )
        % {"number": p.number_display},
        url=_url(p),
        escalation=escalation,
        unit_id=a.unit_id,
        unit_name=a.unit.name,
    )


def _lock_assignment(assignment, actor):
    a = Assignment.objects.select_for_update().select_related("unit").get(pk=assignment.pk)
    _require_unit(actor, a)
    return a


@transaction.atomic
def sign_for(*, actor, assignment: Assignment) -> Assignment:
    a = _lock_assignment(assignment, actor)
    p = Proposal.objects.select_for_update().get(pk=a.proposal_id)
    if a.state != Assignment.State.ACTIVE:
        raise ValidationError(_("This assignment is not active."))
    if a.signed_at:
        raise ValidationError(_("Your unit has already signed for this proposal."))
    if not workflow.meta(p).units_act:
        raise ValidationError(_("This proposal is not with the units now."))
    a.signed_at, a.signed_by = timezone.now(), actor
    a.save(update_fields=["signed_at", "signed_by"])
    close_deadline(target=a, duty=DUTY["signfor"])
    if a.role != Assignment.Role.CO and p.status == S.ASSIGNED:
        _move(p, "sign_for", actor=actor, comment=a.unit.name)
    else:
        _touch(p)
        _event(p, actor=actor, action="sign_for", comment=a.unit.name)
    return a


@transaction.atomic
def request_return(*, actor, assignment: Assignment, reason: str) -> ReturnRequest:
    """The unit says it is not its business; staff decide and reassign (the unit may not pass it on)."""
    a = _lock_assignment(assignment, actor)
    reason = _clean_text(reason, field="reason", label=_("Reason"), max_length=2000)
    if a.state != Assignment.State.ACTIVE:
        raise ValidationError(_("This assignment is not active."))
    if a.signed_at:
        raise ValidationError(
            _("Your unit has signed for this proposal; it can no longer be returned.")
        )
    if not return_window_open(a, _today()):
        raise ValidationError(_("The window for asking to return this proposal has passed."))
    a.state = Assignment.State.RETURN_REQUESTED
    a.save(update_fields=["state"])
    req = ReturnRequest.objects.create(assignment=a, reason=reason, requested_by=actor)
    p = a.proposal
    _event(p, actor=actor, action="return_request", comment=f"{a.unit.name}: {reason}")
    notify(
        recipients=staff_users(),
        kind="proposal.return_request",
        title=_("%(unit)s asks to return proposal %(number)s")
        % {"unit": a.unit.name, "number": p.number_display},
        body=reason,
        target=p,
        url=_url(p),
    )
    return req


@transaction.atomic
def decide_return(*, actor, request: ReturnRequest, approve: bool, note: str = "") -> ReturnRequest:
    _require_staff(actor)
    req = ReturnRequest.objects.select_for_update().get(pk=request.pk)
    if req.state != ReturnRequest.State.PENDING:
        raise ValidationError(_("This request has already been decided."))
    a = Assignment.objects.select_for_update().select_related("unit").get(pk=req.assignment_id)
    p = Proposal.objects.select_for_update().get(pk=a.proposal_id)
    req.state = ReturnRequest.State.APPROVED if approve else ReturnRequest.State.REJECTED
    req.decided_by, req.decided_at, req.decision_note = actor, timezone.now(), note[:2000]
    req.save()
    if approve:
        a.state = Assignment.State.RELEASED
        a.save(update_fields=["state"])
        for duty in (DUTY["signfor"], DUTY["views"], DUTY["countersign"], *REPLY_DUTIES):
            close_deadline(target=a, duty=duty, cancelled=True)
        others = p.assignments.exclude(pk=a.pk).exclude(state=Assignment.State.RELEASED)
        needs_new = a.role == Assignment.Role.LEAD or (
            a.role == Assignment.Role.SPLIT
            and not others.filter(role=Assignment.Role.SPLIT).exists()
        )
        if needs_new:
            for other in others:  # co-units follow the lead back to staff
                other.state = Assignment.State.RELEASED
                other.save(update_fields=["state"])
                for duty in (DUTY["signfor"], DUTY["views"], DUTY["countersign"], *REPLY_DUTIES):
                    close_deadline(target=other, duty=duty, cancelled=True)
            p.reply_due_on = None
            _move(
                p,
                "release",
                actor=actor,
                comment=f"{a.unit.name}: {note}".strip(": "),
                save_fields=("reply_due_on",),
            )
        else:
            _touch(p)
            _event(p, actor=actor, action="return_approved", comment=a.unit.name)
        _after_unit_released(p, a, actor)
    else:
        a.state = Assignment.State.ACTIVE
        a.save(update_fields=["state"])
        _event(p, actor=actor, action="return_rejected", comment=f"{a.unit.name}: {note}")
    notify(
        recipients=unit_users(a.unit),
        kind="proposal.return_decided",
        title=(
            _("Return of proposal %(number)s approved")
            if approve
            else _("Return of proposal %(number)s refused; please handle it")
        )
        % {"number": p.number_display},
        body=note,
        target=p,
        url=_url(p),
    )
    return req


def _after_unit_released(p, a, actor):
    """A unit given back to staff: its unfinished drafts lapse; if it was a co-unit, the lead's
    draft may now have every countersignature it needs."""
    from ..models import Reply
    from .signoff import advance_countersigned

    live = p.assignments.exclude(state=Assignment.State.RELEASED).values("unit_id")
    for draft in (
        Reply.objects.filter(proposal=p)
        .exclude(status=Reply.Status.RELEASED)
        .exclude(unit_id__in=live)
    ):
        for duty in (DUTY["review"], DUTY["revision"]):
            close_deadline(target=draft, duty=duty, cancelled=True)
    if a.role == Assignment.Role.CO:
        lead = p.assignments.filter(
            role=Assignment.Role.LEAD, state=Assignment.State.ACTIVE
        ).first()
        draft = (
            Reply.objects.filter(proposal=p, unit_id=lead.unit_id, round=p.rehandling_rounds + 1)
            .select_related("unit")
            .first()
            if lead
            else None
        )
        if draft is not None:
            advance_countersigned(p, draft, actor=actor)
