"""督: key and excellent proposals, supervision, leaders' instructions and requests for them."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc_portal.accounts.roles import Role, has_role
from cppcc_portal.notifications.services import notify
from members.models import DutyKind
from members.services import record_duty, void_duty

from .. import workflow
from ..models import (
    Assignment,
    Instruction,
    InstructionRequest,
    Proposal,
    Supervision,
)
from ..rules import is_leader
from ._base import (
    _clean_text,
    _config,
    _duty_proposers,
    _event,
    _lock,
    _require_staff,
    _sync,
    _today,
    _touch,
    _url,
    proposer_users,
    staff_users,
    unit_users,
)


def _all_proposers(p):
    first, cosigners = _duty_proposers(p)
    return [first, *cosigners]


@transaction.atomic
def set_key(*, actor, proposal: Proposal, is_key: bool, leaders=()) -> Proposal:
    _require_staff(actor)
    p = _lock(proposal)
    if p.status not in workflow.REGISTERED_STATES:
        raise ValidationError(_("Only registered proposals can be key proposals."))
    leaders = list(leaders or ())
    if is_key and not leaders:
        raise ValidationError({"leaders": _("Choose at least one supervising leader.")})
    not_leaders = [u for u in leaders if not has_role(u, Role.LEADER)]
    if not_leaders:
        raise ValidationError({"leaders": _("Supervising leaders must hold the leader role.")})
    was_key = p.is_key
    p.is_key = is_key
    _touch(p, "is_key")
    p.supervising_leaders.set(leaders if is_key else [])
    day = _today()
    for m in _all_proposers(p):
        if is_key:
            record_duty(
                member=m,
                kind=DutyKind.PROPOSAL_KEY,
                source=p,
                occurred_on=day,
                title=str(p),
                recorded_by=actor,
            )
        elif was_key:
            void_duty(
                member=m, kind=DutyKind.PROPOSAL_KEY, source=p, reason=_("No longer a key proposal")
            )
    _event(
        p,
        actor=actor,
        action="key" if is_key else "unkey",
        comment="、".join(u.get_full_name() or u.username for u in leaders),
    )
    if is_key:
        notify(
            recipients=leaders,
            kind="proposal.key_supervision",
            title=_("You supervise key proposal %(number)s") % {"number": p.number_display},
            body=p.title,
            target=p,
            url=_url(p),
        )
        notify(
            recipients=proposer_users(p),
            kind="proposal.key",
            title=_("Your proposal %(number)s is a key proposal") % {"number": p.number_display},
            target=p,
            url=_url(p),
        )
    return _sync(proposal, p)


@transaction.atomic
def set_excellence(*, actor, proposal: Proposal, excellence: str) -> Proposal:
    """Nominate (提名) or select (评选) an excellent proposal; selection earns duty points."""
    _require_staff(actor)
    p = _lock(proposal)
    if not workflow.meta(p).may_be_excellent:
        raise ValidationError(_("Only closed proposals can be excellent proposals."))
    if excellence not in Proposal.Excellence.values:
        raise ValidationError({"excellence": _("Unknown choice.")})
    if excellence == Proposal.Excellence.SELECTED and p.excellence != Proposal.Excellence.NOMINATED:
        raise ValidationError(_("Nominate the proposal before selecting it."))
    if excellence == Proposal.Excellence.SELECTED:
        _check_excellent_share(p)
    old = p.excellence
    p.excellence = excellence
    _touch(p, "excellence")
    day = _today()
    for m in _all_proposers(p):
        if excellence == Proposal.Excellence.SELECTED:
            record_duty(
                member=m,
                kind=DutyKind.PROPOSAL_EXCELLENT,
                source=p,
                occurred_on=day,
                title=str(p),
                recorded_by=actor,
            )
        elif old == Proposal.Excellence.SELECTED:
            void_duty(
                member=m,
                kind=DutyKind.PROPOSAL_EXCELLENT,
                source=p,
                reason=_("No longer an excellent proposal"),
            )
    _event(p, actor=actor, action=f"excellent_{excellence or 'none'}")
    if excellence == Proposal.Excellence.SELECTED:
        notify(
            recipients=proposer_users(p),
            kind="proposal.excellent",
            title=_("Your proposal %(number)s was selected as an excellent proposal")
            % {"number": p.number_display},
            target=p,
            url=_url(p),
        )
    return _sync(proposal, p)


def _check_excellent_share(p):
    """At most the [L] share of the session's registered proposals are excellent (§2.6)."""
    session_proposals = Proposal.objects.filter(session_id=p.session_id)
    registered = session_proposals.filter(status__in=workflow.REGISTERED_STATES).count()
    selected = (
        session_proposals.filter(excellence=Proposal.Excellence.SELECTED).exclude(pk=p.pk).count()
    )
    config = _config()
    limit = config.excellent_limit(registered)
    if selected + 1 > limit:
        raise ValidationError(
            {
                "excellence": _(
                    "At most %(limit)d excellent proposals in %(session)s: %(share)d%% of its "
                    "%(registered)d registered proposals, and %(selected)d are selected already."
                )
                % {
                    "limit": limit,
                    "session": p.session.name,
                    "share": config.excellent_share_percent,
                    "registered": registered,
                    "selected": selected,
                }
            }
        )


@transaction.atomic
def record_supervision(
    *, actor, proposal: Proposal, kind: str, occurred_on: date, note: str
) -> Supervision:
    if not is_leader(actor):
        raise PermissionDenied(_("Only leaders record supervision."))
    p = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not p.is_key or not p.supervising_leaders.filter(pk=actor.pk).exists():
        raise PermissionDenied(_("You do not supervise this proposal."))
    if kind not in Supervision.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of supervision.")})
    if occurred_on is None or occurred_on > _today():
        raise ValidationError({"occurred_on": _("The date cannot be in the future.")})
    note = _clean_text(note, field="note", label=_("Note"), max_length=4000)
    s = Supervision.objects.create(
        proposal=p, leader=actor, kind=kind, occurred_on=occurred_on, note=note
    )
    _event(p, actor=actor, action="supervision", comment=f"{s.get_kind_display()}: {note[:200]}")
    return s


@transaction.atomic
def record_instruction(*, actor, proposal: Proposal, text: str) -> Instruction:
    """批示: any leader on any registered proposal; the units and staff are told."""
    if not is_leader(actor):
        raise PermissionDenied(_("Only leaders record instructions."))
    p = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if p.status not in workflow.REGISTERED_STATES:
        raise ValidationError(_("Instructions can be recorded on registered proposals only."))
    text = _clean_text(text, field="text", label=_("Instruction"), max_length=4000)
    ins = Instruction.objects.create(proposal=p, leader=actor, text=text)
    _event(p, actor=actor, action="instruction", comment=text[:200])
    _answer_instruction_request(p, actor, ins)
    recipients = staff_users()
    for a in p.assignments.exclude(state=Assignment.State.RELEASED).select_related("unit"):
        recipients += unit_users(a.unit)
    notify(
        recipients=recipients,
        kind="proposal.instruction",
        title=_("A leader's instruction on proposal %(number)s") % {"number": p.number_display},
        body=text,
        target=p,
        url=_url(p),
    )
    return ins


# --- instruction requests (呈请领导批示) ---------------------------------------------------------
# Staff ask a leader for an instruction on a proposal; the request waits in the leader's queue
# until the leader writes an instruction on it (record_instruction closes it) or staff withdraw it.


@transaction.atomic
def ask_for_instruction(*, actor, proposal: Proposal, leader, note: str) -> InstructionRequest:
    _require_staff(actor)
    if leader is None or not leader.is_active or not has_role(leader, Role.LEADER):
        raise ValidationError({"leader": _("Only a leader can be asked for an instruction.")})
    p = Proposal.objects.select_for_update().get(pk=proposal.pk)
    # only where the leader can answer: record_instruction takes registered proposals only
    # (so never drafts, withdrawn or merged ones)
    if p.status not in workflow.REGISTERED_STATES:
        raise ValidationError(
            _(
                "This proposal is “%(state)s”: a leader's instruction can be asked for "
                "on registered proposals only."
            )
            % {"state": p.get_status_display()}
        )
    note = _clean_text(note, field="note", label=_("Note"), max_length=2000)
    if InstructionRequest.objects.filter(
        InstructionRequest.OPEN, proposal=p, leader=leader
    ).exists():
        raise ValidationError(
            {"leader": _("This leader has already been asked and has not answered yet.")}
        )
    req = InstructionRequest.objects.create(proposal=p, leader=leader, asked_by=actor, note=note)
    name = leader.get_full_name() or leader.username
    _event(p, actor=actor, action="instruction_asked", comment=f"{name}: {note[:200]}")
    notify(
        recipients=[leader],
        kind="proposal.instruction_request",
        title=_("Your instruction is asked on proposal %(number)s") % {"number": p.number_display},
        body=note,
        target=p,
        url=_url(p),
    )
    return req


@transaction.atomic
def withdraw_instruction_request(*, actor, request: InstructionRequest) -> InstructionRequest:
    _require_staff(actor)
    req = (
        InstructionRequest.objects.select_for_update()
        .select_related("proposal", "leader")
        .get(pk=request.pk)
    )
    if not req.is_open:
        raise ValidationError(_("This request is no longer open."))
    req.withdrawn_at = timezone.now()
    req.save(update_fields=["withdrawn_at"])
    name = req.leader.get_full_name() or req.leader.username
    _event(req.proposal, actor=actor, action="instruction_request_withdrawn", comment=name)
    notify(
        recipients=[req.leader],
        kind="proposal.instruction_request_withdrawn",
        title=_("The request for your instruction on proposal %(number)s was withdrawn")
        % {"number": req.proposal.number_display},
        target=req.proposal,
        url=_url(req.proposal),
    )
    return req


def _answer_instruction_request(p, leader, instruction):
    """The leader's instruction answers their open request on the proposal, if any."""
    InstructionRequest.objects.filter(InstructionRequest.OPEN, proposal=p, leader=leader).update(
        answered_at=instruction.created_at, instruction=instruction
    )


def _withdraw_open_instruction_requests(p, actor):
    """A merged proposal can no longer be instructed on: its open requests lapse."""
    if InstructionRequest.objects.filter(InstructionRequest.OPEN, proposal=p).update(
        withdrawn_at=timezone.now()
    ):
        _event(p, actor=actor, action="instruction_request_withdrawn", comment=_("Merged"))
