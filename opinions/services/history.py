"""Past social-opinion reports from a sheet (opinions.imports): written in the state they
ended in (adopted in their bulletin issue, or kept), with their own dates, their uses, the
timeline marked imported and the duty records of the points table of that year. Nobody is
told: nothing here calls notifications. Runs in the import pipeline's transaction."""

from datetime import date, datetime, time

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc_portal.core.models import ImportedRecord
from cppcc_portal.core.workflow import record, record_history
from members.models import DutyKind, DutyRecord, Member
from members.services import record_duty

from ..models import BulletinIssue, Level, Report, ReportEvent, ReportUse
from ..workflow import State
from ._base import _require_staff
from .outcomes import USE_DUTY

LEVELS = {"district": Level.DISTRICT, "city": Level.CITY, "national": Level.NATIONAL}


def _day(value):
    return date.fromisoformat(value) if value else None


def _moment(day):
    return timezone.make_aware(datetime.combine(day, time(12))) if day else None


def _clear(report):
    DutyRecord.objects.filter(
        source_type=ContentType.objects.get_for_model(Report),
        source_id=report.pk,
        voided_at__isnull=True,
    ).update(voided_at=timezone.now(), voided_reason=_("re-imported"))
    uses = list(report.uses.values_list("pk", flat=True))
    DutyRecord.objects.filter(
        source_type=ContentType.objects.get_for_model(ReportUse),
        source_id__in=uses,
        voided_at__isnull=True,
    ).update(voided_at=timezone.now(), voided_reason=_("re-imported"))
    report.uses.all().delete()
    report.events.all().delete()


def import_report(*, actor, plan: dict, report: Report | None = None) -> Report:
    _require_staff(actor)
    member = Member.objects.get(pk=plan["member"])
    submitted, adopted = _day(plan["submitted_on"]), _day(plan["adopted_on"])
    r = report or Report(created_by=actor)
    if report is not None:
        _clear(r)
    r.member = member
    r.submitter_kind = Report.SubmitterKind.MEMBER
    r.title = r.original_title = plan["title"]
    r.problem = r.original_problem = plan["problem"]
    r.suggestion = r.original_suggestion = plan["suggestion"]
    r.submitted_at = _moment(submitted)
    r.year = plan["year"]
    r.archived_on = None if adopted else submitted
    if adopted:
        issue, _created = BulletinIssue.objects.get_or_create(
            year=plan["year"],
            number=plan["issue_number"],
            defaults={
                "published_on": adopted,
                "signed_off_by": plan["signed_off_by"],
                "created_by": actor,
            },
        )
        if r.issue_id != issue.pk:
            r.issue = issue
            r.position = (issue.reports.aggregate(m=Max("position"))["m"] or 0) + 1
        r.adopted_on = adopted
        r.state = State.ADOPTED
    else:
        r.issue, r.position, r.adopted_on = None, None, None
        r.state = State.ARCHIVED
    r.save()
    Report.objects.filter(pk=r.pk).update(created_at=r.submitted_at)
    r.contributors.set([member])
    marked = _("imported")
    events = [("submit", "draft", "submitted", r.submitted_at, "")]
    if adopted:
        events.append(("adopt", "editing", "adopted", _moment(adopted), str(r.issue)))
    else:
        events.append(("archive", "editing", "archived", r.submitted_at, ""))
    record_history(ReportEvent, events, report=r)
    record(ReportEvent, report=r, actor=actor, action="imported", comment=r.title[:100])
    note = marked
    record_duty(
        member=member,
        kind=DutyKind.OPINION_SUBMITTED,
        source=r,
        occurred_on=submitted,
        title=r.title,
        note=note,
        recorded_by=actor,
    )
    if adopted:
        record_duty(
            member=member,
            kind=DutyKind.OPINION_ADOPTED,
            source=r,
            occurred_on=adopted,
            title=r.title,
            note=note,
            recorded_by=actor,
        )
    for key, level in LEVELS.items():
        used = _day(plan[f"used_{key}_on"])
        if used:
            use = ReportUse.objects.create(
                report=r, level=level, kind=ReportUse.Kind.SINGLE, used_on=used, recorded_by=actor
            )
            record_duty(
                member=member,
                kind=USE_DUTY[level],
                source=use,
                occurred_on=used,
                title=r.title,
                note=note,
                recorded_by=actor,
            )
    return r


def export_rows():
    keys = dict(ImportedRecord.objects.filter(sheet="reports").values_list("object_id", "key"))
    qs = (
        Report.objects.filter(state__in=["adopted", "archived"], member__isnull=False)
        .select_related("member__sector", "issue")
        .prefetch_related("uses")
        .order_by("year", "submitted_at", "id")
    )
    for r in qs:
        year, _sep, serial = keys.get(r.pk, f"{r.year}:{r.pk}").partition(":")
        uses = {u.level: u.used_on.isoformat() for u in r.uses.all()}
        yield {
            "year": int(year),
            "serial": int(serial),
            "title": r.title,
            "member_number": r.member.number,
            "member_name": r.member.name,
            "member_sector": r.member.sector.name if r.member.sector_id else "",
            "submitted_on": timezone.localtime(r.submitted_at).date().isoformat(),
            "problem": r.problem,
            "suggestion": r.suggestion,
            "outcome": "录用" if r.state == "adopted" else "留存",
            "issue_number": r.issue.number if r.issue else "",
            "adopted_on": r.adopted_on.isoformat() if r.adopted_on else "",
            "signed_off_by": r.issue.signed_off_by if r.issue else "",
            "used_district_on": uses.get("district", ""),
            "used_city_on": uses.get("city", ""),
            "used_national_on": uses.get("national", ""),
        }
