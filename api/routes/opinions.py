"""A member's social-opinion reports through the API: the same selectors and services as the
pages (opinions.views)."""

from ninja import Path, Query, Router, Status

from opinions import selectors, services
from opinions.actions import ACTIONS
from opinions.models import Report

from ..errors import responses
from ..schemas import ID_MAX, ReportDetail, ReportIn, ReportPage, ReportPatch, Text
from ._common import require

router = Router(tags=["reports"])
PK = Path(..., ge=1, le=ID_MAX)


def _item(r: Report) -> dict:
    return {
        "id": r.pk,
        "title": r.title,
        "state": r.state,
        "state_label": r.get_state_display(),
        "year": r.year,
        "issue": str(r.issue) if r.issue_id else None,
        "created_at": r.created_at,
        "submitted_at": r.submitted_at,
    }


def _access(request):
    require(selectors.can_use_reports(request.user))


def _visible(request, pk) -> Report:
    _access(request)
    return selectors.report_detail(request.user, pk)


def _detail(request, r: Report) -> dict:
    return {
        **_item(r),
        "problem": r.problem,
        "suggestion": r.suggestion,
        "member": r.member.name if r.member_id else None,
        "actions": sorted(ACTIONS.available(request.user, r)),
        "version": r.version,
    }


@router.get("/reports", response=responses(200, ReportPage), summary="My reports")
def report_list(
    request,
    state: Text = Query("", max_length=20),
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0, le=ID_MAX),
):
    """Members: their own; staff and leaders: every report (as the list page)."""
    _access(request)
    qs = selectors.report_list(
        request.user, mine=not selectors.can_read_all(request.user), state=state
    )
    return {"count": qs.count(), "items": [_item(r) for r in qs[offset : offset + limit]]}


@router.post("/reports", response=responses(201, ReportDetail), summary="Start a report")
def report_create(request, payload: ReportIn):
    report = services.save_draft(actor=request.user, **payload.dict())
    return Status(201, _detail(request, _visible(request, report.pk)))


@router.get("/reports/{pk}", response=responses(200, ReportDetail), summary="A report")
def report_detail(request, pk: int = PK):
    return _detail(request, _visible(request, pk))


@router.patch("/reports/{pk}", response=responses(200, ReportDetail), summary="Edit a draft")
def report_edit(request, payload: ReportPatch, pk: int = PK):
    report = _visible(request, pk)
    given = payload.dict(exclude_unset=True)
    fields = {
        name: given[name] if given.get(name) is not None else getattr(report, name)
        for name in ("title", "problem", "suggestion")
    }
    services.save_draft(actor=request.user, report=report, **fields)
    return _detail(request, _visible(request, pk))


@router.post("/reports/{pk}/submit", response=responses(200, ReportDetail), summary="Submit")
def report_submit(request, pk: int = PK):
    services.submit_report(actor=request.user, report=_visible(request, pk))
    return _detail(request, _visible(request, pk))
