"""Every read of the proposal pipeline, narrowed to what the user may see: the proposals here,
the office's lists (dissatisfied, excellent, the leaders' trouble) in .office, the requests
for instructions in .instructions."""

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from cppcc_portal.accounts.roles import Role, has_role
from cppcc_portal.core.search import text_match
from members.selectors import ids_named

from .. import workflow
from ..models import (
    PROPOSAL_TEXTS,
    Assignment,
    CoSigner,
    Countersign,
    Evaluation,
    ExtensionRequest,
    Proposal,
    ProposalEvent,
    Reply,
    ReturnRequest,
)
from ..rules import (
    is_leader,
    is_staff,
    member_id,
    own_assignments,
    sees_draft_replies,
    unit_ids,
)

S = Proposal.Status
PRE_REGISTRATION = {S.DRAFT, S.SUBMITTED, S.RETURNED, S.WITHDRAWN}


def sees_all(user) -> bool:
    return is_staff(user) or is_leader(user)


def visible_to(user):
    """Staff and leaders see every proposal that has left its author's hands (drafts stay
    private); members see their own and those they co-sign or are invited to; a unit
    sees only proposals assigned to one of its units."""
    qs = Proposal.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    cond = Q(pk__in=[])
    mid = member_id(user) if has_role(user, Role.MEMBER) else None
    if sees_all(user):
        cond |= ~Q(status=S.DRAFT)
    if mid is not None:
        cond |= (
            Q(first_proposer_id=mid)
            | Exists(CoSigner.objects.filter(proposal=OuterRef("pk"), member_id=mid))
            | Exists(_merged_in_of(mid))
        )
    units = unit_ids(user) if has_role(user, Role.UNIT_LIAISON) else frozenset()
    if units:
        cond |= Exists(
            Assignment.objects.filter(proposal=OuterRef("pk"), unit_id__in=units).exclude(
                state=Assignment.State.RELEASED
            )
        )
    return qs.filter(cond)


def _merged_in_of(mid):
    """Proposals of this member (first proposer or confirmed co-signer) merged into the outer
    one: its proposers are the primary's proposers too (DOMAIN §2.3)."""
    return Proposal.objects.filter(merged_into=OuterRef("pk")).filter(
        Q(first_proposer_id=mid)
        | Exists(
            CoSigner.objects.filter(
                proposal=OuterRef("pk"), member_id=mid, state=CoSigner.State.CONFIRMED
            )
        )
    )


def _list_base(qs):
    return qs.select_related("session", "category", "first_proposer").prefetch_related(
        Prefetch(
            "assignments",
            queryset=Assignment.objects.exclude(state=Assignment.State.RELEASED).select_related(
                "unit"
            ),
        )
    )


def proposal_list(
    user,
    *,
    q="",
    session=None,
    status=None,
    category=None,
    unit=None,
    kind=None,
    overdue=False,
    key=False,
):
    qs = visible_to(user)
    if q:
        # the texts through their two-character index, the first proposer through the ids
        # of the members named (members.selectors.ids_named)
        qs = qs.filter(
            text_match(PROPOSAL_TEXTS, q, index=PROPOSAL_TEXTS)
            | Q(first_proposer_id__in=ids_named(q))
        )
    if session:
        qs = qs.filter(session_id=session)
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category_id=category)
    if kind:
        qs = qs.filter(kind=kind)
    if unit:
        qs = qs.filter(
            Exists(
                Assignment.objects.filter(proposal=OuterRef("pk"), unit_id=unit).exclude(
                    state=Assignment.State.RELEASED
                )
            )
        )
    if overdue:
        qs = qs.overdue(timezone.localdate())
    if key:
        qs = qs.filter(is_key=True)
    return _list_base(qs).order_by("-session__year", "number", "-id")


def proposal_detail(user, pk) -> Proposal:
    return (
        visible_to(user)
        .select_related(
            "session",
            "category",
            "first_proposer__user",
            "first_proposer__sector",
            "not_registered_ground",
            "merged_into",
        )
        .prefetch_related(
            "suggested_units",
            "attachments",
            "supervising_leaders",
            Prefetch("cosigners", queryset=CoSigner.objects.select_related("member__user")),
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("unit").prefetch_related(
                    Prefetch("return_requests", queryset=ReturnRequest.objects.all()),
                    Prefetch("extensions", queryset=ExtensionRequest.objects.all()),
                ),
            ),
            Prefetch("replies", queryset=_replies_for(user)),
            Prefetch("evaluations", queryset=Evaluation.objects.select_related("member")),
            Prefetch("events", queryset=ProposalEvent.objects.select_related("actor")),
            "communications__unit",
            "quality_ratings__unit",
            "supervisions__leader",
            "instructions__leader",
            Prefetch(
                "merged_proposals",
                queryset=Proposal.objects.select_related("first_proposer").prefetch_related(
                    Prefetch("cosigners", queryset=CoSigner.objects.select_related("member"))
                ),
            ),
        )
        .get(pk=pk)
    )


def _replies_for(user):
    """Drafts under sign-off, and the countersignatures, for the units, staff and leaders;
    the released replies alone for the proposers."""
    qs = Reply.objects.select_related("unit")
    if sees_draft_replies(user):
        return qs.prefetch_related(
            Prefetch("countersigns", queryset=Countersign.objects.select_related("unit"))
        )
    return qs.filter(status__in=workflow.RELEASED_REPLY_STATES).prefetch_related(
        Prefetch("countersigns", queryset=Countersign.objects.none())
    )


def reply_visible_to(user, reply) -> bool:
    """A reply's document: whoever sees the proposal, once released; a draft's, the units,
    staff and leaders who see it."""
    if not visible_to(user).filter(pk=reply.proposal_id).exists():
        return False
    return reply.meta.released or sees_draft_replies(user)


def member_proposals(user):
    mid = member_id(user)
    if mid is None:
        return Proposal.objects.none()
    # The member's proposals by key, found first through the indexes on first proposer,
    # co-signer and merged-into (one UNION): as one OR of EXISTS over every proposal the
    # planner scanned the table (60 ms at scale 30), for the few dozen a member has.
    own = Proposal.objects.filter(first_proposer_id=mid).order_by().values_list("pk", flat=True)
    cosigned = (
        CoSigner.objects.filter(member_id=mid, state=CoSigner.State.CONFIRMED)
        .order_by()
        .values_list("proposal_id", flat=True)
    )
    merged_into = (
        Proposal.objects.filter(merged_into__isnull=False)
        .filter(Q(first_proposer_id=mid) | Q(pk__in=cosigned))
        .order_by()
        .values_list("merged_into_id", flat=True)
    )
    ids = list(own.union(cosigned, merged_into))
    return _list_base(Proposal.objects.filter(pk__in=ids)).order_by("-created_at")


def pending_invitations(user):
    mid = member_id(user)
    if mid is None:
        return CoSigner.objects.none()
    return (
        CoSigner.objects.filter(
            member_id=mid,
            state=CoSigner.State.INVITED,
            due_on__gte=timezone.localdate(),
            proposal__status__in=[S.DRAFT, S.SUBMITTED, S.RETURNED],
        )
        .select_related("proposal__first_proposer")
        .order_by("due_on")
    )


def home_for_member(user, limit=5):
    """The member's home box in one query (no member lookup, no prefetch): open co-signing
    invitations and the latest proposals, told apart by an annotation."""
    from types import SimpleNamespace

    from django.db.models import BooleanField, ExpressionWrapper, Subquery

    pending = CoSigner.objects.filter(
        proposal=OuterRef("pk"),
        member__user=user,
        state=CoSigner.State.INVITED,
        due_on__gte=timezone.localdate(),
    )
    confirmed = CoSigner.objects.filter(
        proposal=OuterRef("pk"), member__user=user, state=CoSigner.State.CONFIRMED
    )
    rows = list(
        Proposal.objects.filter(
            Q(first_proposer__user=user)
            | Exists(confirmed)
            | (Exists(pending) & Q(status__in=[S.DRAFT, S.SUBMITTED, S.RETURNED]))
        )
        .annotate(
            invite_pk=Subquery(pending.values("pk")[:1]),
            invite_due=Subquery(pending.values("due_on")[:1]),
            invited=ExpressionWrapper(
                Exists(pending) & Q(status__in=[S.DRAFT, S.SUBMITTED, S.RETURNED]),
                output_field=BooleanField(),
            ),
        )
        .select_related("first_proposer")
        .only("pk", "title", "status", "created_at", "first_proposer__name")
        .order_by("-invited", "-created_at")[: limit + 20]
    )
    invitations = [
        SimpleNamespace(pk=p.invite_pk, proposal_id=p.pk, proposal=p, due_on=p.invite_due)
        for p in rows
        if p.invited
    ]
    recent = [p for p in rows if not p.invited][:limit]
    return invitations, recent


def review_queue(user):
    if not is_staff(user):
        return Proposal.objects.none()
    return _list_base(Proposal.objects.filter(status=S.SUBMITTED)).order_by("submitted_at", "id")


def staff_requests(user):
    """Pending return and extension requests, for the staff queue."""
    if not is_staff(user):
        return ReturnRequest.objects.none(), ExtensionRequest.objects.none()
    returns = ReturnRequest.objects.filter(state=ReturnRequest.State.PENDING).select_related(
        "assignment__unit", "assignment__proposal"
    )
    extensions = ExtensionRequest.objects.filter(
        state=ExtensionRequest.State.PENDING
    ).select_related("assignment__unit", "assignment__proposal")
    return returns, extensions


def unit_queue(user, *, include_done=False):
    """The unit's assignments, soonest deadline first."""
    units = unit_ids(user)
    qs = Assignment.objects.filter(unit_id__in=units).exclude(state=Assignment.State.RELEASED)
    if not include_done:
        qs = qs.filter(proposal__status__in=workflow.OPEN_UNIT_STATES).exclude(
            state=Assignment.State.DONE
        )
    return qs.select_related("unit", "proposal__session", "proposal__first_proposer").order_by(
        "due_on", "id"
    )


def leader_proposals(user):
    if not is_leader(user):
        return Proposal.objects.none()
    return _list_base(Proposal.objects.filter(is_key=True, supervising_leaders=user)).order_by(
        "number"
    )


def overdue(user):
    return proposal_list(user, overdue=True)


def user_assignments(user, proposal):
    """The user's units' live assignments on a proposal (from the prefetched list)."""
    return own_assignments(user, proposal)


from .instructions import (  # noqa: E402  (re-exported: callers import from proposals.selectors)
    INSTRUCTION_REQUEST_STATES,
    instruction_requests_for_leader,
    open_instruction_request_count,
    proposal_instruction_requests,
)
from .office import (  # noqa: E402
    dissatisfied,
    excellent_proposals,
    leader_trouble,
    replies_awaiting_review,
)
from .similar import SIMILARITY_THRESHOLD, merge_candidates, similar_proposals  # noqa: E402

__all__ = [
    "INSTRUCTION_REQUEST_STATES",
    "SIMILARITY_THRESHOLD",
    "dissatisfied",
    "excellent_proposals",
    "home_for_member",
    "instruction_requests_for_leader",
    "leader_proposals",
    "leader_trouble",
    "member_proposals",
    "merge_candidates",
    "open_instruction_request_count",
    "overdue",
    "pending_invitations",
    "proposal_detail",
    "proposal_instruction_requests",
    "proposal_list",
    "replies_awaiting_review",
    "reply_visible_to",
    "review_queue",
    "sees_all",
    "similar_proposals",
    "staff_requests",
    "unit_queue",
    "user_assignments",
    "visible_to",
]
