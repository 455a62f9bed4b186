"""The bulletin (《社情民意》): numbered issues, adoption into one (录用), or keeping a report
without adopting it (留存未录用)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc_portal.core.numbering import next_number
from members.models import DutyKind
from members.services import record_duty

from .. import workflow
from ..models import BulletinIssue, Report
from ._base import _contributors, _lock, _move, _notify_contributors, _require_staff, _sync


@transaction.atomic
def create_issue(
    *, actor, signed_off_by: str, published_on: date | None = None, year: int | None = None
) -> BulletinIssue:
    """A new issue of 《社情民意》: its number is the next one of its year, without gaps."""
    _require_staff(actor)
    if not signed_off_by.strip():
        raise ValidationError({"signed_off_by": _("Name who signs off the issue (签发人).")})
    published_on = published_on or timezone.localdate()
    year = year or published_on.year
    issue = BulletinIssue(
        year=year,
        number=next_number(f"bulletin:{year}"),
        published_on=published_on,
        signed_off_by=signed_off_by.strip()[:40],
        created_by=actor,
    )
    issue.full_clean()
    issue.save()
    return issue


@transaction.atomic
def adopt_report(
    *,
    actor,
    report: Report,
    issue: BulletinIssue | None = None,
    signed_off_by: str = "",
    note: str = "",
    version: int | None = None,
) -> Report:
    """录用: publish an edited report in an issue (an existing one, or a new one signed off by
    `signed_off_by`); every contributor earns the adopted record. A report that has not
    passed editing (核稿) is refused."""
    _require_staff(actor)
    caller, report = report, _lock(report, version)
    if workflow.meta(report).in_queue and not workflow.meta(report).adoptable:
        raise ValidationError(workflow.NOT_EDITED_MESSAGE, code="state")
    workflow.check(report, "adopt")
    if issue is None:
        issue = create_issue(actor=actor, signed_off_by=signed_off_by)
    issue = BulletinIssue.objects.select_for_update().get(pk=issue.pk)
    report.issue = issue
    report.position = (issue.reports.aggregate(m=Max("position"))["m"] or 0) + 1
    report.adopted_on = timezone.localdate()
    report.note_to_member = note.strip()
    if report.editor_id is None:
        report.editor = actor
    _move(
        report,
        "adopt",
        "issue",
        "position",
        "adopted_on",
        "note_to_member",
        "editor",
        actor=actor,
        comment=str(issue),
    )
    for member in _contributors(report):
        record_duty(
            member=member,
            kind=DutyKind.OPINION_ADOPTED,
            source=report,
            occurred_on=report.adopted_on,
            title=report.title,
            recorded_by=actor,
        )
    _notify_contributors(
        report,
        kind="opinion.adopted",
        title=_("Your report “%(title)s” was adopted in %(issue)s.")
        % {"title": report.title, "issue": issue},
        body=report.note_to_member,
    )
    return _sync(caller, report)


@transaction.atomic
def archive_report(*, actor, report: Report, note: str, version: int | None = None) -> Report:
    """留存未录用: keep the report without adopting it, telling the member why."""
    _require_staff(actor)
    caller, report = report, _lock(report, version)
    workflow.check(report, "archive")
    if not note.strip():
        raise ValidationError({"note": _("Write a note to the member explaining the decision.")})
    report.note_to_member = note.strip()
    report.archived_on = timezone.localdate()
    _move(
        report,
        "archive",
        "note_to_member",
        "archived_on",
        actor=actor,
        comment=report.note_to_member,
    )
    _notify_contributors(
        report,
        kind="opinion.archived",
        title=_("Your report “%(title)s” was kept but not adopted.") % {"title": report.title},
        body=report.note_to_member,
    )
    return _sync(caller, report)
