"""Research projects and research reports (members' reports count as duty)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import DutyKind
from members.services import record_duty, void_duty

from ..models import (
    ResearchProject,
    ResearchReport,
)
from ..rules import can_manage
from ._base import _require_member, _require_staff

# --- Research ------------------------------------------------------------------------------


@transaction.atomic
def save_research_project(
    *, actor, project=None, committee, topic, starts_on, ends_on, summary="", members=()
):
    """A research project; its members earn a research duty record (removed ones lose it)."""
    _require_staff(actor)
    project = project or ResearchProject()
    before = set(project.members.all()) if project.pk else set()
    project.committee, project.topic = committee, topic
    project.starts_on, project.ends_on, project.summary = starts_on, ends_on, summary
    project.full_clean()
    project.save()
    members = set(members)
    project.members.set(members)
    for m in before - members:
        void_duty(
            member=m, kind=DutyKind.RESEARCH, source=project, reason=_("Removed from the project.")
        )
    for m in members:
        record_duty(
            member=m,
            kind=DutyKind.RESEARCH,
            source=project,
            occurred_on=starts_on,
            title=topic,
            recorded_by=actor,
        )
    return project


@transaction.atomic
def submit_research_report(
    *, actor, title, text="", file=None, project=None, author_member=None, author_committee=None
):
    """A member submits their own report; staff may file one for a member or a committee."""
    if can_manage(actor):
        if author_member is None and author_committee is None:
            raise ValidationError(_("Name the member or committee who wrote the report."))
    else:
        author_member = _require_member(actor)
        author_committee = None
        if project is not None and not project.members.filter(pk=author_member.pk).exists():
            raise PermissionDenied(_("You are not a member of this research project."))
    if not title.strip():
        raise ValidationError({"title": _("Give the report's title.")})
    if not text.strip() and not file:
        raise ValidationError(_("Attach the report or write its text."))
    report = ResearchReport(
        project=project,
        title=title.strip(),
        text=text,
        author_member=author_member,
        author_committee=author_committee,
        submitted_on=timezone.localdate(),
        submitted_by=actor,
    )
    if file:
        report.file = file
    report.full_clean()
    report.save()
    if author_member is not None:
        record_duty(
            member=author_member,
            kind=DutyKind.RESEARCH_REPORT,
            source=report,
            occurred_on=report.submitted_on,
            title=report.title,
            recorded_by=actor,
        )
    return report
