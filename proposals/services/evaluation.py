"""评: the proposers' evaluation — online, or given on paper or by phone and recorded by staff —
rehandling, closing, and reopening a window that closed without an evaluation."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc_portal.notifications import calendar
from cppcc_portal.notifications.services import close_deadline, notify, open_deadline

from .. import workflow
from ..models import Assignment, Evaluation, Proposal, Reply
from ..rules import (
    current_round,
    evaluation_window_open,
    is_proposer,
    member_id,
    proposer_member_ids,
)
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
    _sync,
    _today,
    _url,
    proposer_users,
    unit_party,
    unit_users,
)

SCORES = ("score_before", "score_during", "score_reply")
PROXY_CHANNELS = (Evaluation.Channel.PAPER, Evaluation.Channel.PHONE)


@transaction.atomic
def evaluate(
    *,
    actor,
    proposal: Proposal,
    satisfaction: str,
    score_before: int | None,
    score_during: int | None,
    score_reply: int | None,
    comment: str = "",
) -> Evaluation:
    """A proposer's own evaluation, online, within the window."""
    p = _lock(proposal)
    if not is_proposer(actor, p):
        raise PermissionDenied(_("Only the proposers may evaluate the reply."))
    return _evaluation(
        p,
        member_pk=member_id(actor),
        actor=actor,
        channel=Evaluation.Channel.ONLINE,
        received_on=_today(),
        satisfaction=satisfaction,
        scores=(score_before, score_during, score_reply),
        comment=comment,
    )


@transaction.atomic
def record_evaluation(
    *,
    actor,
    proposal: Proposal,
    member,
    channel: str,
    received_on: date | None,
    satisfaction: str,
    score_before: int | None,
    score_during: int | None,
    score_reply: int | None,
    comment: str = "",
) -> Evaluation:
    """Staff record an evaluation a proposer gave on paper or by phone (代录入): it counts as
    the proposer's own, dated the day it was given; the record says how and by whom."""
    _require_staff(actor)
    p = _lock(proposal)
    if member is None or member.pk not in proposer_member_ids(p):
        raise ValidationError({"member": _("Choose one of the proposers.")})
    if channel not in PROXY_CHANNELS:
        raise ValidationError({"channel": _("Say how the evaluation was received.")})
    if received_on is None or received_on > _today():
        raise ValidationError({"received_on": _("The date cannot be in the future.")})
    released = _released_on(p)
    if released and received_on < released:
        raise ValidationError(
            {
                "received_on": _("The reply was released on %(date)s; the evaluation is later.")
                % {"date": released.isoformat()}
            }
        )
    return _evaluation(
        p,
        member_pk=member.pk,
        actor=actor,
        channel=channel,
        received_on=received_on,
        satisfaction=satisfaction,
        scores=(score_before, score_during, score_reply),
        comment=comment,
    )


def _released_on(p):
    last = (
        Reply.objects.filter(proposal=p, round=current_round(p), status=Reply.Status.RELEASED)
        .order_by("-released_at")
        .values_list("released_at", flat=True)
        .first()
    )
    return timezone.localdate(last) if last else None


def _checked(satisfaction, scores, comment) -> str:
    """Every part given, never assumed: the satisfaction, the three sub-scores, and for
    不满意 the reason the unit will read."""
    errors = {}
    if satisfaction not in Evaluation.Satisfaction.values:
        errors["satisfaction"] = _("Choose how satisfied the proposer is.")
    for name, score in zip(SCORES, scores, strict=True):
        if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 5:
            errors[name] = _("Give a score from 1 to 5.")
    comment = (comment or "").strip()
    if satisfaction == Evaluation.Satisfaction.UNSATISFIED and not comment:
        errors["comment"] = _("Say why the proposer is not satisfied: the unit reads the reason.")
    if len(comment) > 4000:
        errors["comment"] = _("At most 4000 characters.")
    if errors:
        raise ValidationError(errors)
    return comment


def _evaluation(p, *, member_pk, actor, channel, received_on, satisfaction, scores, comment):
    """The first proposer's evaluation decides (不满意 → rehandling, up to the cap); the
    others' are added to the record."""
    if not workflow.meta(p).proposer_evaluates:
        raise ValidationError(_("There is no reply to evaluate now."))
    if not evaluation_window_open(p, received_on):
        raise ValidationError(
            _("The evaluation window closed on %(date)s; proposal staff may reopen it.")
            % {"date": p.evaluation_due_on.isoformat()}
        )
    if Evaluation.objects.filter(proposal=p, member_id=member_pk, round=current_round(p)).exists():
        raise ValidationError(_("This proposer has already evaluated this reply."))
    comment = _checked(satisfaction, scores, comment)
    proxy = channel != Evaluation.Channel.ONLINE
    ev = Evaluation(
        proposal=p,
        member_id=member_pk,
        round=current_round(p),
        satisfaction=satisfaction,
        score_before=scores[0],
        score_during=scores[1],
        score_reply=scores[2],
        comment=comment,
        channel=channel,
        received_on=received_on,
        recorded_by=actor if proxy else None,
    )
    ev.full_clean()
    ev.save()
    label = ev.get_satisfaction_display()
    if proxy:
        _event(
            p,
            actor=actor,
            action="evaluation_recorded",
            comment=_("%(member)s: %(label)s, given %(channel)s on %(date)s")
            % {
                "member": ev.member.name,
                "label": label,
                "channel": ev.get_channel_display(),
                "date": received_on.isoformat(),
            },
        )
    if member_pk != p.first_proposer_id:
        if not proxy:
            _event(p, actor=actor, action="cosigner_evaluation", comment=label)
        return ev
    close_deadline(target=p, duty=DUTY["evaluation"])
    config = _config()
    summary = f"{label} {ev.comment}".strip()
    if (
        satisfaction == Evaluation.Satisfaction.UNSATISFIED
        and p.rehandling_rounds < config.rehandling_cap
    ):
        _rehandle(p, actor, ev, summary, config)
    else:
        p.closed_at = timezone.now()
        _move(p, "close", actor=actor, comment=summary, save_fields=("closed_at",))
        _close_assignments(p)
    return ev


def _rehandle(p, actor, ev, summary, config):
    due = calendar.add_months(_today(), config.rehandling_months)
    p.rehandling_rounds += 1
    p.reply_due_on = due
    p.evaluation_due_on = None
    _move(
        p,
        "rehandle",
        actor=actor,
        comment=summary,
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
            responsible=[unit_party(a.unit)],
            title=_("Handle proposal %(number)s again and reply") % {"number": p.number_display},
            url=_url(p),
            escalation=_escalation(a.unit, p),
            unit_id=a.unit_id,
            unit_name=a.unit.name,
        )
        notify(
            recipients=unit_users(a.unit),
            kind="proposal.rehandling",
            title=_("The proposer is not satisfied: handle proposal %(number)s again by %(due)s")
            % {"number": p.number_display, "due": due.isoformat()},
            body=ev.comment,
            target=p,
            url=_url(p),
        )


def open_evaluation_deadline(p):
    """The first proposers (of the proposal and of those merged into it) evaluate by the
    window's end."""
    users = [
        u
        for u in [p.first_proposer.user]
        + [m.first_proposer.user for m in p.merged_proposals.select_related("first_proposer__user")]
        if u is not None
    ]
    if users:
        open_deadline(
            target=p,
            duty=DUTY["evaluation"],
            due_on=p.evaluation_due_on,
            responsible=users,
            title=_("Evaluate the reply to proposal %(number)s") % {"number": p.number_display},
            url=_url(p),
        )


def _close_assignments(p):
    for a in p.assignments.exclude(state=Assignment.State.RELEASED):
        for duty in (DUTY["signfor"], DUTY["views"], DUTY["countersign"], *REPLY_DUTIES):
            close_deadline(target=a, duty=duty, cancelled=True)
    p.assignments.filter(state=Assignment.State.ACTIVE).update(state=Assignment.State.DONE)


@transaction.atomic
def close_not_evaluated(*, proposal: Proposal, today=None) -> bool:
    """The evaluation window passed: the proposal closes, marked “not evaluated”."""
    p = Proposal.objects.select_for_update().get(pk=proposal.pk)
    today = today or _today()
    if p.status != S.REPLIED or evaluation_window_open(p, today):
        return False
    p.not_evaluated = True
    p.closed_at = timezone.now()
    _move(p, "close_not_evaluated", actor=None, save_fields=("not_evaluated", "closed_at"))
    close_deadline(target=p, duty=DUTY["evaluation"], cancelled=True)
    _close_assignments(p)
    return True


@transaction.atomic
def reopen_evaluation(*, actor, proposal: Proposal, reason: str) -> Proposal:
    """Staff reopen the window of a proposal closed as "not evaluated" (the member was away,
    the paper form came late …): a new window, the reason on the timeline."""
    _require_staff(actor)
    p = _lock(proposal)
    if not p.not_evaluated:
        raise ValidationError(_("Only a proposal closed without evaluation can be reopened."))
    reason = _clean_text(reason, field="reason", label=_("Reason"), max_length=2000)
    p.evaluation_due_on = calendar.add_working_days(_today(), _config().evaluation_working_days)
    p.not_evaluated, p.closed_at = False, None
    _move(
        p,
        "reopen_evaluation",
        actor=actor,
        comment=reason,
        save_fields=("evaluation_due_on", "not_evaluated", "closed_at"),
    )
    p.assignments.filter(state=Assignment.State.DONE).update(state=Assignment.State.ACTIVE)
    open_evaluation_deadline(p)
    notify(
        recipients=proposer_users(p),
        kind="proposal.evaluation_reopened",
        title=_("You may evaluate the reply to proposal %(number)s again, by %(due)s")
        % {"number": p.number_display, "due": p.evaluation_due_on.isoformat()},
        body=reason,
        target=p,
        url=_url(p),
    )
    return _sync(proposal, p)
