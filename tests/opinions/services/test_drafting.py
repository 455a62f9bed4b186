"""The member's side: drafts, who may touch them, submission and its refusals."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cppcc_portal.accounts.roles import Role
from cppcc_portal.notifications.models import Notification
from members.models import DutyKind, DutyRecord
from opinions import services
from opinions.workflow import State

from ..factories import ReportFactory

pytestmark = pytest.mark.django_db


def _draft(member_user, **kw):
    data = {"title": "关于某事的建议", "problem": "问题描述。", "suggestion": "具体建议。"} | kw
    return services.save_draft(actor=member_user, **data)


def test_member_drafts_and_submits(member_user, member, staff):
    report = _draft(member_user)
    assert report.state == State.DRAFT and report.member == member
    report = services.save_draft(
        actor=member_user,
        report=report,
        title="新标题",
        problem="新问题",
        suggestion="新建议",
        version=report.version,
    )
    report = services.submit_report(actor=member_user, report=report, version=report.version)
    assert report.state == State.SUBMITTED
    assert report.original_title == "新标题" and report.year == timezone.localdate().year
    assert list(report.contributors.all()) == [member]
    assert DutyRecord.objects.filter(member=member, kind=DutyKind.OPINION_SUBMITTED).count() == 1
    assert Notification.objects.filter(recipient=staff, kind="opinion.submitted").exists()
    with pytest.raises(ValidationError):  # not twice
        services.submit_report(actor=member_user, report=report)


def test_on_behalf_of_an_organisation_needs_its_name(member_user):
    with pytest.raises(ValidationError):
        _draft(member_user, submitter_kind="party_group")
    report = _draft(member_user, submitter_kind="party_group", organisation="民盟区委")
    assert "民盟区委" in report.author_label


def test_only_members_write(make_user):
    with pytest.raises(PermissionDenied):
        _draft(make_user(Role.OPINION_STAFF))


def test_another_member_cannot_touch_my_draft(member_user, other_member_user):
    report = _draft(member_user)
    with pytest.raises(PermissionDenied):
        services.submit_report(actor=other_member_user, report=report)
    with pytest.raises(PermissionDenied):
        services.save_draft(actor=other_member_user, report=report, title="x", problem="y")
    with pytest.raises(PermissionDenied):
        services.delete_draft(actor=other_member_user, report=report)


def test_submission_needs_a_suggestion_and_bounded_length(member_user):
    with pytest.raises(ValidationError):
        services.submit_report(actor=member_user, report=_draft(member_user, suggestion=""))
    long = _draft(member_user, problem="字" * (services.MAX_LENGTH + 1))
    with pytest.raises(ValidationError):
        services.submit_report(actor=member_user, report=long)


def test_stale_draft_save_is_refused(member_user):
    report = _draft(member_user)
    stale = report.version
    services.save_draft(actor=member_user, report=report, title="a", problem="b", version=stale)
    with pytest.raises(ValidationError, match="Reload|刷新|重新"):
        services.save_draft(actor=member_user, report=report, title="c", problem="d", version=stale)


def test_submitted_report_is_frozen_for_the_author(member_user, member):
    report = ReportFactory(member=member)
    with pytest.raises(ValidationError):
        services.save_draft(actor=member_user, report=report, title="x", problem="y")
    with pytest.raises(ValidationError):
        services.delete_draft(actor=member_user, report=report)


def test_delete_draft(member_user):
    report = _draft(member_user)
    services.delete_draft(actor=member_user, report=report)
    assert not type(report).objects.filter(pk=report.pk).exists()
