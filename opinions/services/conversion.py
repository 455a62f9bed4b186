"""Conversion, called by the proposals and stations parts: a not-registered proposal (with
the proposer's consent) or a resident's opinion becomes a submitted report."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cppcc_portal.notifications.services import notify

from .. import rules
from ..models import Report
from ..workflow import State
from ._base import _clean_text, _event, _freeze_submission, _submit_duty, _url


@transaction.atomic
def create_report_from_conversion(*, actor, member, title: str, content: str, source) -> Report:
    """A submitted report for `member` converted from a not-registered proposal (with the
    proposer's consent) or a resident's opinion at a station; `source` is stored generically."""
    if not rules.may_convert(actor):
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
