"""What every stage of a report shares: the guard (lock, a stale version refused), the move
through the state table with its timeline line, the checks and the people to tell."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc_portal.accounts.roles import Role
from cppcc_portal.core.workflow import bump, lock, record
from cppcc_portal.notifications.services import notify
from members.models import DutyKind, Member
from members.services import record_duty

from .. import rules, workflow
from ..models import GUIDE_LENGTH, Report, ReportEvent

MAX_LENGTH = GUIDE_LENGTH * 2  # the guide is ~1,500; beyond twice that a report is refused


def _require_staff(actor):
    if not rules.is_staff(actor):
        raise PermissionDenied(_("Only information staff may do this."))


def _require_author(actor, report):
    if not rules.is_author(actor, report):
        raise PermissionDenied(_("Only the member who wrote this report may do this."))


def _lock(report, version=None) -> Report:
    """Re-read the row under a lock; a page built on another version is refused as stale."""
    return lock(report, version=version, message=workflow.STALE_MESSAGE)


def _sync(target: Report, source: Report) -> Report:
    """Hand the caller's object the new state, so its next call is not refused as stale."""
    if target is not source:
        for field in Report._meta.concrete_fields:
            setattr(target, field.attname, getattr(source, field.attname))
    return source


def _event(report, actor, action, from_state="", comment="", staff_only=False):
    record(
        ReportEvent,
        report=report,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=report.state,
        comment=comment,
        staff_only=staff_only,
    )


def _move(report, action, *fields, actor, comment="", staff_only=False):
    """A transition of the state table: checked, saved (the version moves on), on the timeline."""
    transition = workflow.check(report, action)
    from_state = report.state
    report.state = transition.target
    bump(report, "state", *fields)
    _event(report, actor, action, from_state, comment=comment, staff_only=staff_only)


def _url(report) -> str:
    return report.get_absolute_url()


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
            occurred_on=report.handed_in_on or timezone.localdate(report.submitted_at),
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
    return get_user_model().objects.filter(groups__name=Role.OPINION_STAFF, is_active=True)
