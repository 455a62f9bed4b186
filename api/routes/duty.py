"""The member's own duty year (我的履职): points, band, the lines per kind and the yearly
minimums (the five ones), from the same selector as the page."""

from django.utils import timezone
from ninja import Query, Router

from cppcc_portal.accounts.roles import Role, has_role
from members import selectors

from ..errors import responses
from ..schemas import DutySummary
from ._common import require

router = Router(tags=["duty"])


@router.get("/duty", response=responses(200, DutySummary), summary="My duty year")
def my_duty(request, year: int | None = Query(None, ge=2000, le=2100)):
    member = selectors.member_for(request.user)
    require(member is not None and has_role(request.user, Role.MEMBER))
    summary = selectors.member_duty_summary(member, year or timezone.localdate().year)
    return {
        "year": summary["year"],
        "total": str(summary["total"]),
        "band": summary["band"].name if summary["band"] else None,
        "lines": [
            {
                "kind": line.kind,
                "label": str(line.label),
                "count": line.count,
                "points": str(line.points),
            }
            for line in summary["lines"]
        ],
        "minimums": [{"name": s.minimum.name, "met": s.met} for s in summary["minimums"]],
    }
