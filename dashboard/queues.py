"""Work-queue counts that the parts' own home sections do not show (issue 9 §2), each role's
set in one aggregated query."""

from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from consultations.models import Rectification
from proposals import workflow
from proposals.models import Assignment, ExtensionRequest, Proposal, ReturnRequest
from proposals.rules import unit_ids

from .selectors import RECTIFICATION_DONE

DUE_SOON_DAYS = 7
S = Proposal.Status


def staff_counts() -> dict:
    """Proposals to assign, return and extension requests, overdue proposals and overdue
    rectification items: four small counting queries."""
    today = timezone.localdate()
    return Proposal.objects.aggregate(
        to_assign=Count("id", filter=Q(status=S.REGISTERED)),
        overdue=Count("id", filter=workflow.overdue_q(today)),
    ) | {
        "returns": ReturnRequest.objects.filter(state=ReturnRequest.State.PENDING).count(),
        "extensions": ExtensionRequest.objects.filter(state=ExtensionRequest.State.PENDING).count(),
        "rectifications_overdue": Rectification.objects.exclude(state__in=RECTIFICATION_DONE)
        .filter(deadline__lt=today)
        .count(),
    }


def unit_counts(user) -> dict:
    """The user's units' open assignments: all, due within a week, overdue (one query)."""
    today = timezone.localdate()
    return (
        Assignment.objects.filter(unit_id__in=unit_ids(user))
        .filter(
            state__in=[Assignment.State.ACTIVE, Assignment.State.RETURN_REQUESTED],
            proposal__status__in=workflow.OPEN_UNIT_STATES,
        )
        .aggregate(
            assigned=Count("id"),
            due_soon=Count(
                "id", filter=Q(due_on__gte=today, due_on__lte=today + timedelta(DUE_SOON_DAYS))
            ),
            overdue=Count("id", filter=Q(due_on__lt=today)),
        )
    )


def evaluations_due(user):
    """The member's proposals replied to and waiting for their evaluation — theirs, and those
    their own proposal was merged into (one query)."""
    if not getattr(user, "is_authenticated", False):
        return Proposal.objects.none()
    merged_in = Proposal.objects.filter(merged_into=OuterRef("pk"), first_proposer__user=user)
    return Proposal.objects.filter(
        Q(first_proposer__user=user) | Exists(merged_in), status=S.REPLIED
    ).order_by("evaluation_due_on", "id")


def overdue_count(user) -> int:
    """The navigation badge of the dashboard entry: proposals overdue now (one query)."""
    return Proposal.objects.overdue(timezone.localdate()).count()
