"""A member's proposals through the API: the same selectors and services as the pages.

Objects are looked up through the selectors that narrow to what the caller may see, so
someone else's proposal or invitation is a 404, never a 403 that tells it exists."""

from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router, Status

from members.models import HandlingUnit, Member
from proposals import selectors, services
from proposals.actions import ACTIONS
from proposals.models import Proposal, ProposalCategory
from proposals.rules import is_staff, sees_draft_replies
from proposals.templatetags.proposal_tags import EVENTS, SIGNOFF_EVENTS, STAFF_ONLY_EVENTS, STATUS

from ..errors import responses
from ..schemas import (
    ID_MAX,
    AnswerIn,
    Done,
    DraftIn,
    DraftPatch,
    EvaluateIn,
    EventOut,
    InvitationOut,
    InviteIn,
    ProposalDetail,
    ProposalPage,
    ReplyOut,
    Text,
)
from ._common import fail_on, require_member

router = Router(tags=["proposals"])
PK = Path(..., ge=1, le=ID_MAX)


def _item(p: Proposal) -> dict:
    return {
        "id": p.pk,
        "title": p.title,
        "status": p.status,
        "status_label": str(STATUS.get(p.status, p.status)),
        "number": p.number_display or "",
        "kind": p.kind,
        "session": str(p.session),
        "category": p.category.name if p.category_id else None,
        "first_proposer": p.first_proposer.name,
        "created_at": p.created_at,
        "submitted_at": p.submitted_at,
    }


def _reply(r) -> dict:
    return {
        "id": r.pk,
        "unit": r.unit.name,
        "round": r.round,
        "status": r.status,
        "result": r.result,
        "result_label": r.get_result_display(),
        "text": r.text,
        "signer": r.signer,
        "created_at": r.created_at,
        "released_at": r.released_at,
    }


def _visible(request, pk) -> Proposal:
    """The proposal with everything its page shows, if the caller may see it (else 404)."""
    return selectors.proposal_detail(request.user, pk)


def _detail(request, p: Proposal) -> dict:
    return {
        **_item(p),
        "analysis": p.analysis,
        "suggestions": p.suggestions,
        "organisation": p.organisation,
        "suggested_units": [{"id": u.pk, "name": u.name} for u in p.suggested_units.all()],
        "cosigners": [
            {
                "id": c.pk,
                "member_id": c.member_id,
                "member": c.member.name,
                "state": c.state,
                "due_on": c.due_on,
            }
            for c in p.cosigners.all()
        ],
        "attachments": [{"id": a.pk, "name": a.name, "size": a.size} for a in p.attachments.all()],
        "units": [
            {"id": a.unit_id, "name": a.unit.name}
            for a in p.assignments.all()
            if a.state != a.State.RELEASED
        ],
        "replies": [_reply(r) for r in p.replies.all()],
        "evaluations": [
            {
                "id": e.pk,
                "member": e.member.name,
                "round": e.round,
                "satisfaction": e.satisfaction,
                "score_before": e.score_before,
                "score_during": e.score_during,
                "score_reply": e.score_reply,
                "comment": e.comment,
            }
            for e in p.evaluations.all()
        ],
        "reply_due_on": p.reply_due_on,
        "evaluation_due_on": p.evaluation_due_on,
        "actions": sorted(ACTIONS.available(request.user, p)),
        "version": p.version,
    }


def _fields(payload, *, partial: bool) -> dict:
    """The service's keyword arguments from the body: ids become the objects they name."""
    data = payload.dict(exclude_unset=partial)
    fields = {}
    for name in ("title", "analysis", "suggestions", "kind", "organisation"):
        if name in data and (data[name] is not None or not partial):
            fields[name] = data[name]
    if "category_id" in data:
        cid = data["category_id"]
        fields["category"] = (
            None
            if cid is None
            else fail_on(ProposalCategory.objects.filter(is_active=True), cid, "category_id")
        )
    if data.get("suggested_unit_ids") is not None:
        ids = set(data["suggested_unit_ids"])
        units = list(HandlingUnit.objects.filter(pk__in=ids))
        if len(units) != len(ids):
            fail_on(HandlingUnit.objects.none(), 0, "suggested_unit_ids")
        fields["suggested_units"] = units
    return fields


@router.get("/proposals", response=responses(200, ProposalPage), summary="My proposals")
def my_proposals(
    request,
    status: Text | None = Query(None, max_length=20),
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0, le=ID_MAX),
):
    require_member(request)
    qs = selectors.member_proposals(request.user)
    if status:
        qs = qs.filter(status=status)
    return {"count": qs.count(), "items": [_item(p) for p in qs[offset : offset + limit]]}


@router.post("/proposals", response=responses(201, ProposalDetail), summary="Start a draft")
def create_draft(request, payload: DraftIn):
    fields = _fields(payload, partial=False)
    p = services.create_draft(actor=request.user, **fields)
    return Status(201, _detail(request, _visible(request, p.pk)))


@router.get("/proposals/{pk}", response=responses(200, ProposalDetail), summary="A proposal")
def proposal_detail(request, pk: int = PK):
    return _detail(request, _visible(request, pk))


@router.patch("/proposals/{pk}", response=responses(200, ProposalDetail), summary="Edit a draft")
def edit_draft(request, payload: DraftPatch, pk: int = PK):
    p = _visible(request, pk)
    services.update_draft(actor=request.user, proposal=p, **_fields(payload, partial=True))
    return _detail(request, _visible(request, pk))


@router.get("/proposals/{pk}/timeline", response=responses(200, list[EventOut]), summary="Timeline")
def timeline(request, pk: int = PK):
    p = _visible(request, pk)
    staff, drafts = is_staff(request.user), sees_draft_replies(request.user)
    return [
        {
            "action": e.action,
            "label": str(EVENTS.get(e.action, e.action)),
            "from_state": e.from_state,
            "to_state": e.to_state,
            "actor": (e.actor.get_full_name() or e.actor.get_username()) if e.actor else None,
            "comment": e.comment,
            "at": e.at,
        }
        for e in p.events.all()
        if (staff or e.action not in STAFF_ONLY_EVENTS)
        and (drafts or e.action not in SIGNOFF_EVENTS)
    ]


@router.get("/proposals/{pk}/replies", response=responses(200, list[ReplyOut]), summary="Replies")
def replies(request, pk: int = PK):
    return [_reply(r) for r in _visible(request, pk).replies.all()]


@router.post(
    "/proposals/{pk}/cosigners",
    response=responses(201, ProposalDetail),
    summary="Invite a co-signer",
)
def invite(request, payload: InviteIn, pk: int = PK):
    p = _visible(request, pk)
    member = fail_on(Member.objects.all(), payload.member_id, "member_id")
    services.invite_cosigner(actor=request.user, proposal=p, member=member)
    return Status(201, _detail(request, _visible(request, pk)))


@router.post("/proposals/{pk}/submit", response=responses(200, ProposalDetail), summary="Submit")
def submit(request, pk: int = PK):
    services.submit(actor=request.user, proposal=_visible(request, pk))
    return _detail(request, _visible(request, pk))


@router.post(
    "/proposals/{pk}/evaluation",
    response=responses(201, ProposalDetail),
    summary="Evaluate the reply",
)
def evaluate(request, payload: EvaluateIn, pk: int = PK):
    p = _visible(request, pk)
    services.evaluate(actor=request.user, proposal=p, **payload.dict())
    return Status(201, _detail(request, _visible(request, pk)))


@router.get("/invitations", response=responses(200, list[InvitationOut]), summary="My invitations")
def invitations(request):
    require_member(request)
    return [
        {
            "id": c.pk,
            "proposal_id": c.proposal_id,
            "title": c.proposal.title,
            "first_proposer": c.proposal.first_proposer.name,
            "due_on": c.due_on,
        }
        for c in selectors.pending_invitations(request.user)
    ]


@router.post(
    "/invitations/{pk}/answer", response=responses(200, Done), summary="Confirm or decline"
)
def answer(request, payload: AnswerIn, pk: int = PK):
    cosigner = get_object_or_404(selectors.pending_invitations(request.user), pk=pk)
    services.respond_cosign(actor=request.user, cosigner=cosigner, accept=payload.accept)
    return {"ok": True}
