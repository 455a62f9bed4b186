"""评: the proposer's evaluation, rehandling and closing."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc_portal.notifications import calendar
from cppcc_portal.notifications.services import close_deadline, notify, open_deadline

from .. import workflow
from ..models import (
    Assignment,
    Evaluation,
    Proposal,
)
from ..rules import current_round, has_evaluated, is_first_proposer, is_proposer, member_id
from ._base import (
    DUTY,
    REPLY_DUTIES,
    S,
    _config,
    _escalation,
    _event,
    _lock,
    _move,
    _today,
    _url,
    unit_users,
)


@transaction.atomic
def evaluate(
    *,
    actor,
    proposal: Proposal,
    satisfaction: str,
    score_before: int,
    score_during: int,
    score_reply: int,
    comment: str = "",
) -> Evaluation:
    """The first proposer's evaluation decides (不满意 → rehandling, up to the cap);
    confirmed co-signers may add theirs."""
    p = _lock(proposal)
    mid = member_id(actor)
    first = is_first_proposer(actor, p)
    if not is_proposer(actor, p):
        raise PermissionDenied(_("Only the proposers may evaluate the reply."))
    if not workflow.meta(p).proposer_evaluates:
        raise ValidationError(_("There is no reply to evaluate now."))
    round_ = current_round(p)
    if has_evaluated(mid, p):
        raise ValidationError(_("You have already evaluated this reply."))
    ev = Evaluation(
        proposal=p,
        member_id=mid,
        round=round_,
        satisfaction=satisfaction,
        score_before=score_before,
        score_during=score_during,
        score_reply=score_reply,
        comment=(comment or "").strip()[:4000],
    )
    ev.full_clean()
    ev.save()
    label = ev.get_satisfaction_display()
    if not first:
        _event(p, actor=actor, action="cosigner_evaluation", comment=label)
        return ev
    close_deadline(target=p, duty=DUTY["evaluation"])
    config = _config()
    if (
        satisfaction == Evaluation.Satisfaction.UNSATISFIED
        and p.rehandling_rounds < config.rehandling_cap
    ):
        due = calendar.add_months(_today(), config.rehandling_months)
        p.rehandling_rounds += 1
        p.reply_due_on = due
        p.evaluation_due_on = None
        _move(
            p,
            "rehandle",
            actor=actor,
            comment=f"{label} {ev.comment}".strip(),
            save_fields=("rehandling_rounds", "reply_due_on", "evaluation_due_on"),
        )
        for a in p.assignments.filter(
            role__in=[Assignment.Role.LEAD, Assignment.Role.SPLIT], state=Assignment.State.ACTIVE
        ).select_related("unit"):
            a.due_on = due
            a.save(update_fields=["due_on"])
            open_deadline(
                target=a,
                duty=DUTY["rehandling"],
                due_on=due,
                responsible=unit_users(a.unit),
                title=_("Handle proposal %(number)s again and reply")
                % {"number": p.number_display},
                url=_url(p),
                escalation=_escalation(a.unit, p),
                unit_id=a.unit_id,
                unit_name=a.unit.name,
            )
            notify(
                recipients=unit_users(a.unit),
                kind="proposal.rehandling",
                title=_(
                    "The proposer is not satisfied: handle proposal %(number)s again by %(due)s"
                )
                % {"number": p.number_display, "due": due.isoformat()},
                body=ev.comment,
                target=p,
                url=_url(p),
            )
    else:
        p.closed_at = timezone.now()
        _move(
            p,
            "close",
            actor=actor,
            comment=f"{label} {ev.comment}".strip(),
            save_fields=("closed_at",),
        )
        _close_assignments(p)
    return ev


def _close_assignments(p):
    for a in p.assignments.exclude(state=Assignment.State.RELEASED):
        for duty in (DUTY["signfor"], DUTY["views"], *REPLY_DUTIES):
            close_deadline(target=a, duty=duty, cancelled=True)
    p.assignments.filter(state=Assignment.State.ACTIVE).update(state=Assignment.State.DONE)


@transaction.atomic
def close_not_evaluated(*, proposal: Proposal, today=None) -> bool:
    """The evaluation window passed: the proposal closes, marked “not evaluated”."""
    p = Proposal.objects.select_for_update().get(pk=proposal.pk)
    today = today or _today()
    if p.status != S.REPLIED or p.evaluation_due_on is None or p.evaluation_due_on >= today:
        return False
    p.not_evaluated = True
    p.closed_at = timezone.now()
    _move(p, "close_not_evaluated", actor=None, save_fields=("not_evaluated", "closed_at"))
    close_deadline(target=p, duty=DUTY["evaluation"], cancelled=True)
    _close_assignments(p)
    return True
