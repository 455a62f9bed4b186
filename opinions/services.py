"""Every write on social-opinion reports: keyword-only, one transaction each, permission-checked;
each records the timeline, the duty ledger and the notifications it implies."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc_portal.accounts.roles import Role, has_role
from cppcc_portal.core.numbering import next_number
from cppcc_portal.notifications.services import notify
from members.models import DutyKind, Member
from members.selectors import member_for
from members.services import record_duty

from . import workflow
from .models import (
    GUIDE_LENGTH,
    BulletinIssue,
    Forwarding,
    Instruction,
    InstructionLevel,
    Level,
    Recipient,
    Report,
    ReportAttachment,
    ReportEvent,
    ReportUse,
)
from .workflow import State

MAX_LENGTH = GUIDE_LENGTH * 2  # the guide is ~1,500; beyond twice that a report is refused
CONVERTER_ROLES = (Role.PROPOSAL_STAFF, Role.OPINION_STAFF, Role.STATION_MANAGER)

USE_DUTY = {
    Level.DISTRICT: DutyKind.OPINION_USED_DISTRICT,
    Level.CITY: DutyKind.OPINION_USED_CITY,
    Level.NATIONAL: DutyKind.OPINION_USED_NATIONAL,
}
INSTRUCTION_DUTY = {
    InstructionLevel.DISTRICT: DutyKind.OPINION_INSTRUCTED_DISTRICT,
    InstructionLevel.CITY: DutyKind.OPINION_INSTRUCTED_CITY,
    InstructionLevel.CENTRAL: DutyKind.OPINION_INSTRUCTED_CENTRAL,
}


# --- helpers ---------------------------------------------------------------------------


def is_opinion_staff(user) -> bool:
    return has_role(user, Role.OPINION_STAFF)


def _require_staff(actor):
    if not is_opinion_staff(actor):
        raise PermissionDenied(_("Only information staff may do this."))


def _require_author(actor, report):
    member = member_for(actor)
    if member is None or report.member_id != member.pk:
        raise PermissionDenied(_("Only the member who wrote this report may do this."))
    return member


def _lock(report) -> Report:
    """Re-read the row under a lock so a concurrent transition sees the other one's result."""
    return Report.objects.select_for_update().get(pk=report.pk)


def _event(report, actor, action, from_state="", comment="", staff_only=False):
    ReportEvent.objects.create(
        report=report,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=report.state,
        comment=comment,
        staff_only=staff_only,
    )


def _move(report, to_state, *fields):
    report.state = to_state
    report.version += 1
    report.save(update_fields=["state", "version", "updated_at", *fields])


def _url(report) -> str:
    return reverse("opinions:detail", args=[report.pk])


def _contributors(report) -> list[Member]:
    return list(report.contributors.select_related("user"))


def _notify_contributors(report, *, kind, title, body=""):
    users = [m.user for m in _contributors(report) if m.user_id]
    notify(recipients=users, kind=kind, title=title, body=body, target=report, url=_url(report))


def _clean_text(title: str, problem: str, suggestion: str):
    title, problem, suggestion = title.strip(), problem.strip(), (suggestion or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("Give the report a title stating its one matter.")
    if not problem:
        errors["problem"] = _("Describe the situation and the problem.")
    if len(problem) + len(suggestion) > MAX_LENGTH:
        errors["problem"] = _(
            "The report is %(n)s characters long; keep it near %(guide)s (at most %(max)s)."
        ) % {"n": len(problem) + len(suggestion), "guide": GUIDE_LENGTH, "max": MAX_LENGTH}
    if errors:
        raise ValidationError(errors)
    return title, problem, suggestion


def _submit_duty(report, actor):
    if report.member_id:
        record_duty(
            member=report.member,
            kind=DutyKind.OPINION_SUBMITTED,
            source=report,
            occurred_on=timezone.localdate(report.submitted_at),
            title=report.original_title or report.title,
            recorded_by=actor,
        )


def _freeze_submission(report):
    now = timezone.now()
    report.original_title = report.title
    report.original_problem = report.problem
    report.original_suggestion = report.suggestion
    report.submitted_at = now
    report.year = timezone.localdate(now).year


def _staff_users():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(groups__name=Role.OPINION_STAFF, is_active=True)


# --- conversion (called by the proposals and stations parts) --------------------------


@transaction.atomic
def create_report_from_conversion(*, actor, member, title: str, content: str, source) -> Report:
    """A submitted report for `member` converted from a not-registered proposal (with the
    proposer's consent) or a resident's opinion at a station; `source` is stored generically."""
    if not has_role(actor, *CONVERTER_ROLES):
        raise PermissionDenied(_("You may not convert this into a social-opinion report."))
    if member is None:
        raise ValidationError(_("Name the member the report is submitted for."))
    if source is None or source.pk is None:
        raise ValidationError(_("The report must come from a saved proposal or opinion."))
    title, problem, suggestion = _clean_text(title, content, "")
    ct = ContentType.objects.get_for_model(source)
    if Report.objects.filter(source_type=ct, source_id=source.pk).exists():
        raise ValidationError(_("This has already been converted into a social-opinion report."))
    report = Report(
        member=member,
        submitter_kind=Report.SubmitterKind.MEMBER,
        state=State.SUBMITTED,
        title=title[:200],
        problem=problem,
        suggestion=suggestion,
        source_type=ct,
        source_id=source.pk,
        source_label=str(source)[:200],
        created_by=actor,
    )
    _freeze_submission(report)
    report.full_clean(exclude=["source_type", "source_id"])
    report.save()
    report.contributors.add(member)
    _event(
        report,
        actor,
        "converted",
        comment=_("Converted from: %(source)s") % {"source": report.source_label},
    )
    _submit_duty(report, actor)
    if member.user_id:
        notify(
            recipients=[member.user],
            kind="opinion.converted",
            title=_("A social-opinion report was submitted for you: %(title)s")
            % {"title": report.title},
            target=report,
            url=_url(report),
        )
    return report


# --- member: drafts, attachments, submission -------------------------------------------


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
    if report is None:
        member = member_for(actor)
        if member is None or not has_role(actor, Role.MEMBER):
            raise PermissionDenied(_("Only members may write social-opinion reports."))
        report = Report(member=member, created_by=actor)
    else:
        report = _lock(report)
        _require_author(actor, report)
        if not workflow.meta(report.state).author_may_edit:
            raise ValidationError(_("A submitted report can no longer be changed."))
        workflow.check(report, "submit", version=version)
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
    created = report.pk is None
    if not created:
        report.version += 1
    report.full_clean(exclude=["problem"] if not report.problem else None)
    report.save()
    if created:
        _event(report, actor, "drafted")
    return report


@transaction.atomic
def delete_draft(*, actor, report: Report):
    report = _lock(report)
    _require_author(actor, report)
    if report.state != State.DRAFT:
        raise ValidationError(_("Only a draft can be deleted."))
    for attachment in report.attachments.all():
        attachment.file.delete(save=False)
    report.delete()


@transaction.atomic
def add_attachment(*, actor, report: Report, file) -> ReportAttachment:
    """Attach a file (already validated by ValidatedFileField) to a draft, or staff to any
    report they are editing."""
    report = _lock(report)
    if is_opinion_staff(actor) and workflow.meta(report.state).staff_may_edit:
        pass
    else:
        _require_author(actor, report)
        if not workflow.meta(report.state).author_may_edit:
            raise ValidationError(_("A submitted report can no longer be changed."))
    return ReportAttachment.objects.create(
        report=report, file=file, name=getattr(file, "name", "")[:200], uploaded_by=actor
    )


@transaction.atomic
def remove_attachment(*, actor, attachment: ReportAttachment):
    report = _lock(attachment.report)
    _require_author(actor, report)
    if not workflow.meta(report.state).author_may_edit:
        raise ValidationError(_("A submitted report can no longer be changed."))
    attachment.file.delete(save=False)
    attachment.delete()


@transaction.atomic
def submit_report(*, actor, report: Report, version: int | None = None) -> Report:
    report = _lock(report)
    _require_author(actor, report)
    target = workflow.check(report, "submit", version=version)
    report.title, report.problem, report.suggestion = _clean_text(
        report.title, report.problem, report.suggestion
    )
    if not report.suggestion:
        raise ValidationError({"suggestion": _("Give at least one concrete suggestion.")})
    _freeze_submission(report)
    _move(
        report,
        target,
        "title",
        "problem",
        "suggestion",
        "original_title",
        "original_problem",
        "original_suggestion",
        "submitted_at",
        "year",
    )
    report.contributors.add(report.member)
    _event(report, actor, "submit", State.DRAFT)
    _submit_duty(report, actor)
    notify(
        recipients=_staff_users(),
        kind="opinion.submitted",
        title=_("New social-opinion report: %(title)s") % {"title": report.title},
        target=report,
        url=_url(report),
    )
    return report


# --- editing desk ---------------------------------------------------------------------


@transaction.atomic
def edit_report(
    *, actor, report: Report, title: str, problem: str, suggestion: str, version: int | None
) -> Report:
    """Staff edit the working text (核稿); the member's original stays as submitted."""
    _require_staff(actor)
    report = _lock(report)
    from_state = report.state
    target = workflow.check(report, "edit", version=version)
    report.title, report.problem, report.suggestion = _clean_text(title, problem, suggestion)
    report.editor = actor
    _move(report, target, "title", "problem", "suggestion", "editor")
    _event(report, actor, "edit", from_state, staff_only=True)
    return report


@transaction.atomic
def start_editing(*, actor, report: Report, version: int | None = None) -> Report:
    _require_staff(actor)
    report = _lock(report)
    target = workflow.check(report, "start_editing", version=version)
    report.editor = actor
    _move(report, target, "editor")
    _event(report, actor, "start_editing", State.SUBMITTED)
    return report


@transaction.atomic
def merge_reports(
    *, actor, reports, title: str, problem: str, suggestion: str, note: str = ""
) -> Report:
    """Combine several reports on one matter into one combined report (综合); each source
    report is marked merged and points to it, and every contributor shares its outcome."""
    _require_staff(actor)
    ids = sorted({r.pk for r in reports})
    if len(ids) < 2:
        raise ValidationError(_("Choose at least two reports to combine."))
    locked = list(Report.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    if len(locked) != len(ids):
        raise ValidationError(_("Some of the chosen reports no longer exist."))
    for r in locked:
        if not workflow.can("merge", r.state):
            raise ValidationError(
                _("“%(title)s” cannot be combined while it is “%(state)s”.")
                % {"title": r.title, "state": State(r.state).label}
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
        from_state = r.state
        r.merged_into = combined
        _move(r, State.MERGED, "merged_into")
        _event(r, actor, "merge", from_state, comment=note)
        contributors.update(r.contributors.values_list("pk", flat=True))
    combined.contributors.set(contributors)
    _event(combined, actor, "combined", comment=note)
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
    """录用: publish the report in an issue (an existing one, or a new one signed off by
    `signed_off_by`); every contributor earns the adopted record."""
    _require_staff(actor)
    report = _lock(report)
    from_state = report.state
    target = workflow.check(report, "adopt", version=version)
    if issue is None:
        issue = create_issue(actor=actor, signed_off_by=signed_off_by)
    issue = BulletinIssue.objects.select_for_update().get(pk=issue.pk)
    report.issue = issue
    report.position = (issue.reports.aggregate(m=Max("position"))["m"] or 0) + 1
    report.adopted_on = timezone.localdate()
    report.note_to_member = note.strip()
    if report.editor_id is None:
        report.editor = actor
    _move(report, target, "issue", "position", "adopted_on", "note_to_member", "editor")
    _event(report, actor, "adopt", from_state, comment=str(issue))
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
    return report


@transaction.atomic
def archive_report(*, actor, report: Report, note: str, version: int | None = None) -> Report:
    """留存未录用: keep the report without adopting it, telling the member why."""
    _require_staff(actor)
    report = _lock(report)
    from_state = report.state
    target = workflow.check(report, "archive", version=version)
    if not note.strip():
        raise ValidationError({"note": _("Write a note to the member explaining the decision.")})
    report.note_to_member = note.strip()
    report.archived_on = timezone.localdate()
    _move(report, target, "note_to_member", "archived_on")
    _event(report, actor, "archive", from_state, comment=report.note_to_member)
    _notify_contributors(
        report,
        kind="opinion.archived",
        title=_("Your report “%(title)s” was kept but not adopted.") % {"title": report.title},
        body=report.note_to_member,
    )
    return report


# --- forwarding, use, instructions --------------------------------------------------------


def _require_adopted(report):
    if report.state != State.ADOPTED:
        raise ValidationError(_("Only an adopted report can be forwarded or recorded as used."))


@transaction.atomic
def forward_report(
    *, actor, report: Report, recipients, forwarded_on: date | None = None
) -> list[Forwarding]:
    """报送 to recipients; forwarding twice to the same recipient is ignored."""
    _require_staff(actor)
    report = _lock(report)
    _require_adopted(report)
    recipients = [r for r in recipients if isinstance(r, Recipient)]
    if not recipients:
        raise ValidationError({"recipients": _("Choose at least one recipient.")})
    forwarded_on = forwarded_on or timezone.localdate()
    done = set(report.forwardings.values_list("recipient_id", flat=True))
    rows = [
        Forwarding(report=report, recipient=r, forwarded_on=forwarded_on, forwarded_by=actor)
        for r in recipients
        if r.pk not in done
    ]
    Forwarding.objects.bulk_create(rows)
    if rows:
        names = "、".join(r.recipient.name for r in rows)
        _event(report, actor, "forward", comment=names)
        _notify_contributors(
            report,
            kind="opinion.forwarded",
            title=_("Your report “%(title)s” was forwarded to %(names)s.")
            % {"title": report.title, "names": names},
        )
    return rows


@transaction.atomic
def record_use(
    *,
    actor,
    report: Report,
    level: str,
    kind: str,
    used_on: date,
    used_by: str = "",
    note: str = "",
) -> ReportUse:
    """采用 at a level; each contributor earns the record for that level (source: this use)."""
    _require_staff(actor)
    report = _lock(report)
    _require_adopted(report)
    if level not in Level.values:
        raise ValidationError({"level": _("Choose the level that used the report.")})
    if kind not in ReportUse.Kind.values:
        raise ValidationError({"kind": _("Choose how the report was used.")})
    if used_on > timezone.localdate():
        raise ValidationError({"used_on": _("The date cannot be in the future.")})
    use = ReportUse(
        report=report,
        level=level,
        kind=kind,
        used_on=used_on,
        used_by=used_by.strip()[:80],
        note=note.strip()[:300],
        recorded_by=actor,
    )
    use.full_clean()
    use.save()
    _event(report, actor, "use", comment=f"{use.get_level_display()} · {use.get_kind_display()}")
    for member in _contributors(report):
        record_duty(
            member=member,
            kind=USE_DUTY[level],
            source=use,
            occurred_on=used_on,
            title=report.title,
            recorded_by=actor,
        )
    _notify_contributors(
        report,
        kind="opinion.used",
        title=_("Your report “%(title)s” was used (%(level)s).")
        % {"title": report.title, "level": use.get_level_display()},
    )
    return use


@transaction.atomic
def record_instruction(
    *, actor, report: Report, leader_name: str, level: str, instructed_on: date, text: str
) -> Instruction:
    """批示 by a leader; each contributor earns the record for that level (source: this row)."""
    _require_staff(actor)
    report = _lock(report)
    _require_adopted(report)
    if level not in InstructionLevel.values:
        raise ValidationError({"level": _("Choose the leader's level.")})
    if not leader_name.strip():
        raise ValidationError({"leader_name": _("Name the leader.")})
    if not text.strip():
        raise ValidationError({"text": _("Enter the text of the instruction.")})
    if instructed_on > timezone.localdate():
        raise ValidationError({"instructed_on": _("The date cannot be in the future.")})
    row = Instruction(
        report=report,
        leader_name=leader_name.strip()[:60],
        level=level,
        instructed_on=instructed_on,
        text=text.strip(),
        recorded_by=actor,
    )
    row.full_clean()
    row.save()
    _event(report, actor, "instruction", comment=f"{row.leader_name} · {row.get_level_display()}")
    for member in _contributors(report):
        record_duty(
            member=member,
            kind=INSTRUCTION_DUTY[level],
            source=row,
            occurred_on=instructed_on,
            title=report.title,
            recorded_by=actor,
        )
    _notify_contributors(
        report,
        kind="opinion.instructed",
        title=_("A leader wrote an instruction on your report “%(title)s”.")
        % {"title": report.title},
        body=row.text,
    )
    return row
