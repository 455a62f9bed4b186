"""Who can be invited to co-sign, and the categories a draft may take: the same lists the
draft's page offers (names and sectors only: no personal data)."""

from ninja import Query, Router

from members.models import Member
from proposals.models import ProposalCategory

from ..errors import responses
from ..schemas import MemberOut, Named, Text
from ._common import require_member

router = Router(tags=["proposals"])


@router.get("/members", response=responses(200, list[MemberOut]), summary="Sitting members")
def sitting_members(request, q: Text = Query("", max_length=40)):
    require_member(request)
    qs = Member.objects.filter(status=Member.Status.SITTING).select_related("sector")
    if q:
        qs = qs.filter(name__contains=q)
    return [
        {"id": m.pk, "name": m.name, "sector": m.sector.name if m.sector_id else None}
        for m in qs.order_by("name")[:50]
    ]


@router.get("/categories", response=responses(200, list[Named]), summary="Proposal categories")
def categories(request):
    return [{"id": c.pk, "name": c.name} for c in ProposalCategory.objects.filter(is_active=True)]
