"""The proposal office's and the leaders' lists: dissatisfied evaluations with their reasons,
the published excellent proposals, what a leader's home shows of trouble, the drafts waiting
for review. Each a fixed number of queries whatever the volume."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from cppcc_portal.accounts.roles import Role, has_role

from .. import workflow
from ..models import Assignment, CoSigner, Evaluation, Proposal, Reply
from ..rules import is_leader, is_staff

S = Proposal.Status
REPLYING = [Assignment.Role.LEAD, Assignment.Role.SPLIT]
UNSATISFIED = Evaluation.Satisfaction.UNSATISFIED


def _replying_units():
    return Prefetch(
        "proposal__assignments",
        queryset=Assignment.objects.filter(role__in=REPLYING)
        .exclude(state=Assignment.State.RELEASED)
        .select_related("unit"),
    )


def dissatisfied(user, *, session=None):
    """Every 不满意 with its reason, newest first: for leaders and proposal staff."""
    if not (is_leader(user) or is_staff(user)):
        return Evaluation.objects.none()
    qs = Evaluation.objects.filter(satisfaction=UNSATISFIED).exclude(proposal__status=S.MERGED)
    if session:
        qs = qs.filter(proposal__session_id=session)
    return (
        qs.select_related("proposal__session", "member", "recorded_by")
        .prefetch_related(_replying_units())
        .order_by("-created_at", "-id")
    )


def excellent_proposals(user, *, session=None):
    """优秀提案, published to members (and to staff and leaders): the selected ones."""
    if not has_role(user, Role.MEMBER, Role.PROPOSAL_STAFF, Role.LEADER):
        return Proposal.objects.none()
    qs = Proposal.objects.filter(excellence=Proposal.Excellence.SELECTED)
    if session:
        qs = qs.filter(session_id=session)
    return (
        qs.select_related("session", "category", "first_proposer")
        .prefetch_related(
            Prefetch(
                "cosigners",
                queryset=CoSigner.objects.filter(state=CoSigner.State.CONFIRMED).select_related(
                    "member"
                ),
            )
        )
        .order_by("-session__year", "session_id", "number", "id")
    )


def leader_trouble(user, limit=8):
    """A leader's home: how many wait for rehandling, how many carry a 不满意, and which key
    proposals are late (two queries)."""
    if not is_leader(user):
        return None
    today = timezone.localdate()
    late_key = Q(is_key=True) & workflow.overdue_q(today)
    unsatisfied = Evaluation.objects.filter(proposal=OuterRef("pk"), satisfaction=UNSATISFIED)
    counts = Proposal.objects.exclude(status=S.MERGED).aggregate(
        rehandling=Count("id", filter=Q(status=S.REHANDLING)),
        dissatisfied=Count("id", filter=Exists(unsatisfied)),
        late_key=Count("id", filter=late_key),
    )
    late = list(
        Proposal.objects.filter(late_key)
        .only("pk", "title", "number_display", "reply_due_on", "status")
        .order_by("reply_due_on", "id")[:limit]
    )
    return {**counts, "late_key_proposals": late, "today": today}


def replies_awaiting_review(user, limit=50):
    """督办审核: the drafts waiting for proposal staff, oldest first."""
    if not is_staff(user):
        return Reply.objects.none()
    return (
        Reply.objects.filter(
            status=Reply.Status.REVIEWING, proposal__status__in=workflow.OPEN_UNIT_STATES
        )
        .select_related("proposal", "unit")
        .order_by("created_at", "id")[:limit]
    )
