"""The member's side: drafts (暂存), attachments, submission."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cppcc_portal.core.workflow import bump
from cppcc_portal.notifications.services import notify
from members.selectors import member_for

from .. import rules, workflow
from ..models import Report, ReportAttachment
from ._base import (
    _clean_text,
    _event,
    _freeze_submission,
    _lock,
    _move,
    _require_author,
    _staff_users,
    _submit_duty,
    _sync,
    _url,
)

DRAFT_FIELDS = (
    "title",
    "problem",
    "suggestion",
    "submitter_kind",
    "organisation",
    "committee",
    "sector",
)


def _require_draft(report):
    if not workflow.meta(report).author_edits:
        raise ValidationError(_("A submitted report can no longer be changed."))


@transaction.atomic
def save_draft(
    *,
    actor,
    report: Report | None = None,
    title: str,
    problem: str,
    suggestion: str = "",
    submitter_kind: str = Report.SubmitterKind.MEMBER,
    organisation: str = "",
    committee=None,
    sector=None,
    version: int | None = None,
) -> Report:
    """Create or update the member's draft (暂存)."""
    caller = report
    if report is None:
        if not rules.may_write(actor):
            raise PermissionDenied(_("Only members may write social-opinion reports."))
        report = Report(member=member_for(actor), created_by=actor)
    else:
        _require_author(actor, report)
        report = _lock(report, version)
        _require_draft(report)
    if submitter_kind == Report.SubmitterKind.COMBINED:
        raise ValidationError({"submitter_kind": _("Choose who submits the report.")})
    if submitter_kind != Report.SubmitterKind.MEMBER and not (organisation or committee or sector):
        raise ValidationError(
            {"organisation": _("Name the party, group, committee or sector you write for.")}
        )
    report.title = title.strip()[:200]
    report.problem = problem.strip()
    report.suggestion = (suggestion or "").strip()
    report.submitter_kind = submitter_kind
    report.organisation = organisation.strip() if submitter_kind != "member" else ""
    report.committee = committee if submitter_kind == Report.SubmitterKind.COMMITTEE else None
    report.sector = sector if submitter_kind == Report.SubmitterKind.SECTOR else None
    report.full_clean(exclude=["problem"] if not report.problem else None)
    if caller is None:
        report.save()
        _event(report, actor, "drafted")
        return report
    bump(report, *DRAFT_FIELDS)
    return _sync(caller, report)


@transaction.atomic
def delete_draft(*, actor, report: Report):
    _require_author(actor, report)
    report = _lock(report)
    if not workflow.meta(report).author_edits:
        raise ValidationError(_("Only a draft can be deleted."))
    for attachment in report.attachments.all():
        attachment.file.delete(save=False)
    report.delete()


@transaction.atomic
def add_attachment(*, actor, report: Report, file) -> ReportAttachment:
    """Attach a file (already validated by ValidatedFileField) to a draft, or staff to any
    report they are editing."""
    report = _lock(report)
    if not rules.may_staff_edit(actor, report):
        _require_author(actor, report)
        _require_draft(report)
    return ReportAttachment.objects.create(
        report=report, file=file, name=getattr(file, "name", "")[:200], uploaded_by=actor
    )


@transaction.atomic
def remove_attachment(*, actor, attachment: ReportAttachment):
    report = _lock(attachment.report)
    _require_author(actor, report)
    _require_draft(report)
    attachment.file.delete(save=False)
    attachment.delete()


@transaction.atomic
def submit_report(*, actor, report: Report, version: int | None = None) -> Report:
    _require_author(actor, report)
    caller, report = report, _lock(report, version)
    workflow.check(report, "submit")
    report.title, report.problem, report.suggestion = _clean_text(
        report.title, report.problem, report.suggestion
    )
    if not report.suggestion:
        raise ValidationError({"suggestion": _("Give at least one concrete suggestion.")})
    _freeze_submission(report)
    _move(
        report,
        "submit",
        "title",
        "problem",
        "suggestion",
        "original_title",
        "original_problem",
        "original_suggestion",
        "submitted_at",
        "year",
        actor=actor,
    )
    report.contributors.add(report.member)
    _submit_duty(report, actor)
    notify(
        recipients=_staff_users(),
        kind="opinion.submitted",
        title=_("New social-opinion report: %(title)s") % {"title": report.title},
        target=report,
        url=_url(report),
    )
    return _sync(caller, report)
