"""The bulletin: adoption into gap-free issues, duty once, keeping without adopting."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from cppcc_portal.core.models import Counter
from cppcc_portal.notifications.models import Notification
from members.models import DutyKind
from opinions import services
from opinions.actions import ACTIONS
from opinions.models import BulletinIssue
from opinions.workflow import State

from ..factories import DraftFactory, EditedFactory, ReportFactory, points

pytestmark = pytest.mark.django_db


def test_draft_cannot_be_adopted(staff, member):
    with pytest.raises(ValidationError):
        services.adopt_report(actor=staff, report=DraftFactory(member=member), signed_off_by="张")


def test_adoption_numbers_issues_without_gaps(staff, member):
    year = timezone.localdate().year
    a = services.adopt_report(actor=staff, report=EditedFactory(member=member), signed_off_by="张")
    b = services.adopt_report(actor=staff, report=EditedFactory(member=member), issue=a.issue)
    c = services.adopt_report(actor=staff, report=EditedFactory(member=member), signed_off_by="张")
    assert a.issue == b.issue and (a.position, b.position) == (1, 2)
    assert (a.issue.number, c.issue.number) == (1, 2)
    assert Counter.objects.get(key=f"bulletin:{year}").value == 2
    with pytest.raises(ValidationError):  # a new issue needs its 签发人
        services.adopt_report(actor=staff, report=EditedFactory(member=member), signed_off_by="")
    assert Counter.objects.get(key=f"bulletin:{year}").value == 2  # rolled back: no gap


def test_adoption_records_duty_once_and_notifies(staff, member, member_user):
    report = services.adopt_report(
        actor=staff, report=EditedFactory(member=member), signed_off_by="张", note="写得好"
    )
    assert report.state == State.ADOPTED and report.note_to_member == "写得好"
    assert points(member, DutyKind.OPINION_ADOPTED) == 1
    assert Notification.objects.filter(recipient=member_user, kind="opinion.adopted").exists()
    with pytest.raises(ValidationError):
        services.adopt_report(actor=staff, report=report, signed_off_by="张")
    assert points(member, DutyKind.OPINION_ADOPTED) == 1


def test_archive_needs_a_note(staff, member, member_user):
    report = ReportFactory(member=member)
    with pytest.raises(ValidationError):
        services.archive_report(actor=staff, report=report, note=" ")
    report = services.archive_report(actor=staff, report=report, note="已有类似信息")
    assert report.state == State.ARCHIVED and report.note_to_member == "已有类似信息"
    assert Notification.objects.filter(recipient=member_user, kind="opinion.archived").exists()
    with pytest.raises(ValidationError):
        services.adopt_report(actor=staff, report=report, signed_off_by="张")


def test_adoption_is_refused_until_the_report_passed_editing(staff, member):
    """DOMAIN §3: submitted → editing (核稿) → adopted; a report not edited is refused."""
    report = ReportFactory(member=member)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as err:
        services.adopt_report(actor=staff, report=report, signed_off_by="张")
    assert "核稿" in err.value.messages[0] and "编辑" in err.value.messages[0]
    report.refresh_from_db()
    assert report.state == State.SUBMITTED and report.issue is None
    assert not BulletinIssue.objects.exists()  # nothing half-written
    # the page offers "start editing", not "adopt", until it is edited
    assert set(ACTIONS.available(staff, report)) == {"start_editing", "archive"}
    report = services.start_editing(actor=staff, report=report)
    assert report.state == State.EDITING and report.editor == staff
    assert set(ACTIONS.available(staff, report)) == {"adopt", "archive"}
    assert services.adopt_report(actor=staff, report=report, signed_off_by="张").state == (
        State.ADOPTED
    )
    assert list(report.events.values_list("action", flat=True)) == ["start_editing", "adopt"]


def test_an_edit_of_the_text_also_counts_as_editing(staff, member):
    report = ReportFactory(member=member)
    report = services.edit_report(
        actor=staff,
        report=report,
        title="关于停车难的建议",
        problem="问题",
        suggestion="建议",
        version=report.version,
    )
    assert services.adopt_report(actor=staff, report=report, signed_off_by="张").issue
