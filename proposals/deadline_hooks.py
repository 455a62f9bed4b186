"""When a holiday notice moves a proposal deadline (cppcc_portal.notifications.hooks), the
proposal's own copies of the date follow — the unit queue's overdue filter reads reply_due_on
and the auto-close of unevaluated replies reads evaluation_due_on — and the proposal's
timeline keeps the old date. And the proposal's own responsible party: its supervising
leaders of the day ("proposal_leaders:<id>", the last escalation step)."""

from collections import defaultdict

from cppcc_portal.notifications.hooks import on_deadline_moved
from cppcc_portal.notifications.parties import party_kind
from cppcc_portal.notifications.reminders import duty_label

from .duties import DUTY, REPLY_DUTIES
from .models import Assignment, Proposal, ProposalEvent, Reply


def _timeline(moves):
    """One timeline line per moved date: [(proposal id, deadline, change)]."""
    ProposalEvent.objects.bulk_create(
        ProposalEvent(
            proposal_id=proposal_id,
            action="deadline_moved",
            comment=f"{duty_label(deadline.duty)}：{change.old_due_on:%Y-%m-%d} → "
            f"{change.new_due_on:%Y-%m-%d}（{change.reason}）",
        )
        for proposal_id, deadline, change in moves
    )


@on_deadline_moved("proposals.assignment")
def assignment_deadlines_moved(changes):
    assignments = Assignment.objects.select_for_update().in_bulk({d.target_id for d, _ in changes})
    replies = {}  # proposal id -> [(old, new)] of its lead/split reply dates
    moves = []
    for deadline, change in changes:
        a = assignments.get(deadline.target_id)
        if a is None:
            continue
        moves.append((a.proposal_id, deadline, change))
        old, new = change.old_due_on, change.new_due_on
        if deadline.duty == DUTY["countersign"]:
            continue  # the assignment keeps no copy of it
        if deadline.duty == DUTY["signfor"]:
            if a.return_due_on == old:
                a.return_due_on = new
        elif a.due_on == old:
            a.due_on = new
            if deadline.duty in REPLY_DUTIES:
                replies.setdefault(a.proposal_id, []).append((old, new))
    Assignment.objects.bulk_update(assignments.values(), ["return_due_on", "due_on"])
    proposals = list(Proposal.objects.select_for_update().filter(pk__in=replies))
    for p in proposals:
        for old, new in replies[p.pk]:
            if p.reply_due_on == old:
                p.reply_due_on = new
    Proposal.objects.bulk_update(proposals, ["reply_due_on"])
    _timeline(moves)


@on_deadline_moved("proposals.proposal")
def proposal_deadlines_moved(changes):
    moved = {d.target_id: c for d, c in changes if d.duty == DUTY["evaluation"]}
    proposals = list(Proposal.objects.select_for_update().filter(pk__in=moved))
    for p in proposals:
        if p.evaluation_due_on == moved[p.pk].old_due_on:
            p.evaluation_due_on = moved[p.pk].new_due_on
    Proposal.objects.bulk_update(proposals, ["evaluation_due_on"])
    _timeline([(d.target_id, d, c) for d, c in changes if d.duty == DUTY["evaluation"]])


@on_deadline_moved("proposals.reply")
def reply_deadlines_moved(changes):
    """Review and revision of a draft: no copy of the date to keep, a line in the timeline."""
    replies = dict(
        Reply.objects.filter(pk__in={d.target_id for d, _c in changes}).values_list(
            "pk", "proposal_id"
        )
    )
    _timeline([(replies[d.target_id], d, c) for d, c in changes if d.target_id in replies])


@party_kind("proposal_leaders")
def supervising_leaders(keys):
    found = defaultdict(set)
    for proposal_id, user_id in Proposal.supervising_leaders.through.objects.filter(
        proposal_id__in=[int(k) for k in keys if k.isdigit()], user__is_active=True
    ).values_list("proposal_id", "user_id"):
        found[str(proposal_id)].add(user_id)
    return found
