"""代录入: information staff enter a social-opinion report a member handed in on paper
(DOMAIN §3, as proposals' paper entry, DOMAIN §2.4). Every field of the report, the scan of the
paper as an attachment, the day it was handed in (which decides the report's year and the day
its submission counts in the duty ledger). It arrives as submitted, on the editing desk; the
member is told and sees it at once; the timeline says who entered it and from what."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc_portal.notifications.services import notify
from members.models import Member

from .. import rules
from ..models import Report, ReportAttachment
from ..workflow import State
from ._base import _clean_text, _event, _staff_users, _submit_duty, _url

ORG_KINDS = {
    Report.SubmitterKind.PARTY_GROUP,
    Report.SubmitterKind.COMMITTEE,
    Report.SubmitterKind.SECTOR,
}


def _check(
    *, member, handed_in_on, suggestion, scan, submitter_kind, organisation, committee, sector
):
    errors = {}
    if member is None or member.status != Member.Status.SITTING:
        errors["member"] = _("Choose the sitting member who handed the report in.")
    if handed_in_on is None or handed_in_on > timezone.localdate():
        errors["handed_in_on"] = _("Give the day it was handed in (not in the future).")
    if not (suggestion or "").strip():
        errors["suggestion"] = _("Give at least one concrete suggestion.")
    if scan is None:
        errors["scan"] = _("Attach the scan of the paper report.")
    if submitter_kind not in {Report.SubmitterKind.MEMBER, *ORG_KINDS}:
        errors["submitter_kind"] = _("Choose who submits the report.")
    elif submitter_kind in ORG_KINDS and not (organisation.strip() or committee or sector):
        errors["organisation"] = _("Name the party, group, committee or sector you write for.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def enter_on_paper(
    *,
    actor,
    member: Member,
    handed_in_on: date,
    title: str,
    problem: str,
    suggestion: str,
    scan,
    submitter_kind: str = Report.SubmitterKind.MEMBER,
    organisation: str = "",
    committee=None,
    sector=None,
) -> Report:
    """A submitted report in `member`'s name from the paper they handed in on `handed_in_on`."""
    if not rules.may_enter_on_paper(actor):
        raise PermissionDenied(_("Only information staff may enter a paper report."))
    organisation = (organisation or "").strip()
    _check(
        member=member,
        handed_in_on=handed_in_on,
        suggestion=suggestion,
        scan=scan,
        submitter_kind=submitter_kind,
        organisation=organisation,
        committee=committee,
        sector=sector,
    )
    title, problem, suggestion = _clean_text(title, problem, suggestion)
    org = submitter_kind != Report.SubmitterKind.MEMBER
    report = Report(
        member=member,
        submitter_kind=submitter_kind,
        organisation=organisation[:80] if org else "",
        committee=committee if submitter_kind == Report.SubmitterKind.COMMITTEE else None,
        sector=sector if submitter_kind == Report.SubmitterKind.SECTOR else None,
        state=State.SUBMITTED,
        title=title[:200],
        problem=problem,
        suggestion=suggestion,
        original_title=title[:200],
        original_problem=problem,
        original_suggestion=suggestion,
        submitted_at=timezone.now(),
        year=handed_in_on.year,
        handed_in_on=handed_in_on,
        entered_by=actor,
        created_by=actor,
    )
    report.full_clean()
    report.save()
    report.contributors.add(member)
    attachment = ReportAttachment(
        report=report, name=(scan.name or "")[:200], is_paper_scan=True, uploaded_by=actor
    )
    attachment.file.save(scan.name or "scan", scan, save=False)
    attachment.save()
    staff = actor.get_full_name() or actor.username
    _event(
        report,
        actor,
        "enter_on_paper",
        comment=_("Entered by %(staff)s from the paper report handed in on %(date)s")
        % {"staff": staff, "date": handed_in_on.isoformat()},
    )
    _submit_duty(report, actor)
    if member.user_id:
        notify(
            recipients=[member.user],
            kind="opinion.entered_on_paper",
            title=_("Information staff entered your paper report “%(title)s”; it awaits editing")
            % {"title": report.title},
            target=report,
            url=_url(report),
        )
    notify(
        recipients=_staff_users().exclude(pk=actor.pk),
        kind="opinion.submitted",
        title=_("New social-opinion report: %(title)s") % {"title": report.title},
        target=report,
        url=_url(report),
    )
    return report
