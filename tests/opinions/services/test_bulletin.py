"""The bulletin: adoption into gap-free issues, duty once, keeping without adopting."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cppcc_portal.core.models import Counter
from cppcc_portal.notifications.models import Notification
from members.models import DutyKind
from opinions import services
from opinions.workflow import State

from ..factories import DraftFactory, ReportFactory, points

pytestmark = pytest.mark.django_db


def test_draft_cannot_be_adopted(staff, member):
    with pytest.raises(ValidationError):
        services.adopt_report(actor=staff, report=DraftFactory(member=member), signed_off_by="张")


def test_adoption_numbers_issues_without_gaps(staff, member):
    year = timezone.localdate().year
    a = services.adopt_report(actor=staff, report=ReportFactory(member=member), signed_off_by="张")
    b = services.adopt_report(actor=staff, report=ReportFactory(member=member), issue=a.issue)
    c = services.adopt_report(actor=staff, report=ReportFactory(member=member), signed_off_by="张")
    assert a.issue == b.issue and (a.position, b.position) == (1, 2)
    assert (a.issue.number, c.issue.number) == (1, 2)
    assert Counter.objects.get(key=f"bulletin:{year}").value == 2
    with pytest.raises(ValidationError):  # a new issue needs its 签发人
        services.adopt_report(actor=staff, report=ReportFactory(member=member), signed_off_by="")
    assert Counter.objects.get(key=f"bulletin:{year}").value == 2  # rolled back: no gap


def test_adoption_records_duty_once_and_notifies(staff, member, member_user):
    report = services.adopt_report(
        actor=staff, report=ReportFactory(member=member), signed_off_by="张", note="写得好"
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
