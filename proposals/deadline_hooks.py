"""When a holiday notice moves a proposal deadline (cppcc_portal.notifications.hooks), the
proposal's own copies of the date follow: the unit queue's overdue filter reads reply_due_on
and the auto-close of unevaluated replies reads evaluation_due_on."""

from cppcc_portal.notifications.hooks import on_deadline_moved

from .models import Assignment, Proposal
from .services._base import DUTY, REPLY_DUTIES


@on_deadline_moved("proposals.assignment")
def assignment_deadlines_moved(changes):
    assignments = Assignment.objects.select_for_update().in_bulk({d.target_id for d, _ in changes})
    replies = {}  # proposal id -> [(old, new)] of its lead/split reply dates
    for deadline, change in changes:
        a = assignments.get(deadline.target_id)
        if a is None:
            continue
        old, new = change.old_due_on, change.new_due_on
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


@on_deadline_moved("proposals.proposal")
def proposal_deadlines_moved(changes):
    moved = {d.target_id: c for d, c in changes if d.duty == DUTY["evaluation"]}
    proposals = list(Proposal.objects.select_for_update().filter(pk__in=moved))
    for p in proposals:
        if p.evaluation_due_on == moved[p.pk].old_due_on:
            p.evaluation_due_on = moved[p.pk].new_due_on
    Proposal.objects.bulk_update(proposals, ["evaluation_due_on"])
