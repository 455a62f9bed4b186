"""The editing desk (编辑台): staff edit the working text beside the member's original, and
combine reports on one matter into a combined report (综合)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc_portal.notifications.services import notify

from .. import workflow
from ..models import Report
from ..workflow import State
from ._base import _clean_text, _event, _lock, _move, _require_staff, _sync, _url


@transaction.atomic
def edit_report(
    *, actor, report: Report, title: str, problem: str, suggestion: str, version: int | None
) -> Report:
    """Staff edit the working text (核稿); the member's original stays as submitted."""
    _require_staff(actor)
    caller, report = report, _lock(report, version)
    workflow.check(report, "edit")
    report.title, report.problem, report.suggestion = _clean_text(title, problem, suggestion)
    report.editor = actor
    _move(report, "edit", "title", "problem", "suggestion", "editor", actor=actor, staff_only=True)
    return _sync(caller, report)


@transaction.atomic
def start_editing(*, actor, report: Report, version: int | None = None) -> Report:
    _require_staff(actor)
    caller, report = report, _lock(report, version)
    report.editor = actor
    _move(report, "start_editing", "editor", actor=actor)
    return _sync(caller, report)


@transaction.atomic
def merge_reports(
    *, actor, reports, title: str, problem: str, suggestion: str, note: str = ""
) -> Report:
    """Combine several reports on one matter into one combined report (综合); each source
    report is marked merged and points to it, and every contributor shares its outcome."""
    _require_staff(actor)
    reports = list(reports)
    ids = sorted({r.pk for r in reports})
    if len(ids) < 2:
        raise ValidationError(_("Choose at least two reports to combine."))
    locked = list(Report.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    if len(locked) != len(ids):
        raise ValidationError(_("Some of the chosen reports no longer exist."))
    for r in locked:
        if not workflow.can(r, "merge"):
            raise ValidationError(
                _("“%(title)s” cannot be combined while it is “%(state)s”.")
                % {"title": r.title, "state": workflow.MACHINE.label(r)}
            )
    title, problem, suggestion = _clean_text(title, problem, suggestion)
    now = timezone.now()
    combined = Report.objects.create(
        member=None,
        submitter_kind=Report.SubmitterKind.COMBINED,
        state=State.EDITING,
        title=title,
        problem=problem,
        suggestion=suggestion,
        submitted_at=now,
        year=timezone.localdate(now).year,
        editor=actor,
        created_by=actor,
    )
    contributors = set()
    for r in locked:
        r.merged_into = combined
        _move(r, "merge", "merged_into", actor=actor, comment=note)
        contributors.update(r.contributors.values_list("pk", flat=True))
    combined.contributors.set(contributors)
    _event(combined, actor, "combined", comment=note)
    by_pk = {r.pk: r for r in locked}
    for r in reports:
        _sync(r, by_pk[r.pk])
    for r in locked:
        if r.member_id and r.member.user_id:
            notify(
                recipients=[r.member.user],
                kind="opinion.merged",
                title=_("Your report “%(title)s” was combined with others on the same matter.")
                % {"title": r.title},
                body=note,
                target=r,
                url=_url(r),
            )
    return combined
