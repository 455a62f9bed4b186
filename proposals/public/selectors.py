"""The reads of the public pages: only disclosed proposals (the proposer agreed, staff
approved, registered), only their disclosed replies, and only public fields — each row is a
plain dict built here, so a template cannot reach a phone, an address or an internal comment
through a relation. Constant query count: the rows, their count, their units and replies."""

from django.db.models import Exists, OuterRef, Prefetch, Q

from cppcc_portal.core.search import clean_term
from members.models import HandlingUnit, Session

from .. import workflow
from ..models import Assignment, CoSigner, Proposal, ProposalCategory, Reply
from .stamp import disclosed_q

ANSWERING = (Assignment.Role.LEAD, Assignment.Role.SPLIT)


def disclosed():
    return Proposal.objects.filter(disclosed_q(), status__in=workflow.REGISTERED_STATES)


def _units_prefetch():
    return Prefetch(
        "assignments",
        queryset=Assignment.objects.exclude(state=Assignment.State.RELEASED)
        .select_related("unit")
        .only("id", "proposal_id", "role", "unit__id", "unit__name")
        .order_by("role", "id"),
        to_attr="public_assignments",
    )


def _replies_prefetch(*, text=False):
    fields = ["id", "proposal_id", "round", "result", "status", "is_public", "disclosure"]
    fields += ["unit__id", "unit__name", "released_at"]
    if text:
        fields.append("text")
    return Prefetch(
        "replies",
        queryset=Reply.objects.filter(status=Reply.Status.RELEASED)
        .select_related("unit")
        .only(*fields)
        .order_by("round", "id"),
        to_attr="public_replies",
    )


def _filtered(filters):
    qs = disclosed()
    if filters.get("year"):
        qs = qs.filter(session__year=filters["year"])
    if filters.get("session"):
        qs = qs.filter(session_id=filters["session"])
    if filters.get("category"):
        qs = qs.filter(category_id=filters["category"])
    if filters.get("unit"):
        qs = qs.filter(
            Exists(
                Assignment.objects.filter(proposal=OuterRef("pk"), unit_id=filters["unit"]).exclude(
                    state=Assignment.State.RELEASED
                )
            )
        )
    term = clean_term(filters.get("q"))
    if term:
        qs = qs.filter(
            Q(title__icontains=term) | Q(analysis__icontains=term) | Q(suggestions__icontains=term)
        )
    return qs


def _lead_units(p):
    answering = [a.unit.name for a in p.public_assignments if a.role in ANSWERING]
    return answering or [a.unit.name for a in p.public_assignments]


def _latest_result(p):
    shown = [r for r in p.public_replies if r.is_disclosed]
    return shown[-1].result if shown else ""


def _row(p) -> dict:
    return {
        "id": p.pk,
        "number": p.number_display,
        "title": p.title,
        "year": p.session.year,
        "session": p.session.name,
        "category": p.category.name if p.category_id else "",
        "proposer": p.organisation or p.first_proposer.name,
        "sector": "" if p.organisation else p.first_proposer.sector.name,
        "units": _lead_units(p),
        "result": _latest_result(p),
        "status": str(p.get_status_display()),
    }


def disclosed_count(filters: dict) -> int:
    return _filtered(filters).count()


def public_rows(filters: dict, *, offset=0, limit=None, total=None) -> tuple[int, list[dict]]:
    """(how many match, the rows from `offset`), newest session first, then by number."""
    qs = _filtered(filters)
    if total is None:
        total = qs.count()
    page = (
        qs.select_related("session", "category", "first_proposer__sector")
        .only(
            "id",
            "number",
            "number_display",
            "title",
            "status",
            "organisation",
            "category_id",
            "session__id",
            "session__year",
            "session__number",
            "session__name",
            "category__id",
            "category__name",
            "first_proposer__id",
            "first_proposer__name",
            "first_proposer__sector__id",
            "first_proposer__sector__name",
        )
        .prefetch_related(_units_prefetch(), _replies_prefetch())
        .order_by("-session__year", "-session__number", "number", "id")
    )
    end = None if limit is None else offset + limit
    return total, [_row(p) for p in page[offset:end]]


def public_proposal(pk) -> dict | None:
    """One disclosed proposal for its public page, or None."""
    cosigners = Prefetch(
        "cosigners",
        queryset=CoSigner.objects.filter(state=CoSigner.State.CONFIRMED)
        .select_related("member__sector")
        .only("id", "proposal_id", "member__id", "member__name", "member__sector__name")
        .order_by("id"),
        to_attr="public_cosigners",
    )
    p = (
        disclosed()
        .select_related("session", "category", "first_proposer__sector")
        .prefetch_related(_units_prefetch(), _replies_prefetch(text=True), cosigners)
        .filter(pk=pk)
        .first()
    )
    if p is None:
        return None
    row = _row(p)
    proposers = [] if p.organisation else [(p.first_proposer.name, p.first_proposer.sector.name)]
    proposers += [(c.member.name, c.member.sector.name) for c in p.public_cosigners]
    row.update(
        kind=str(p.get_kind_display()),
        analysis=p.analysis,
        suggestions=p.suggestions,
        proposers=proposers,
        all_units=[(a.unit.name, str(a.get_role_display())) for a in p.public_assignments],
        replies=[
            {
                "unit": r.unit.name,
                "round": r.round,
                "result": r.result,
                "result_label": str(r.get_result_display()),
                "text": r.text,
                "released_on": r.released_at.date().isoformat() if r.released_at else "",
            }
            for r in p.public_replies
            if r.is_disclosed
        ],
    )
    return row


def filter_choices() -> dict:
    """What the filters offer: years and sessions with disclosed proposals, the categories,
    the units that handle disclosed proposals."""
    shown = disclosed()
    sessions = list(
        Session.objects.filter(Exists(shown.filter(session=OuterRef("pk"))))
        .order_by("-year", "-number")
        .values("id", "name", "year")
    )
    categories = list(
        ProposalCategory.objects.filter(Exists(shown.filter(category=OuterRef("pk"))))
        .order_by("order", "id")
        .values("id", "name")
    )
    units = list(
        HandlingUnit.objects.filter(
            Exists(
                Assignment.objects.filter(unit=OuterRef("pk"), proposal__in=shown).exclude(
                    state=Assignment.State.RELEASED
                )
            )
        )
        .order_by("name")
        .values("id", "name")
    )
    years = sorted({s["year"] for s in sessions}, reverse=True)
    return {"years": years, "sessions": sessions, "categories": categories, "units": units}
