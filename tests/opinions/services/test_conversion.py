"""The conversion service other parts call, and the selector that shows them the outcome."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cppcc_portal.accounts.roles import Role
from cppcc_portal.notifications.models import Notification
from members.models import DutyKind, DutyRecord
from opinions.selectors import reports_for_source
from opinions.services import adopt_report, create_report_from_conversion, start_editing
from opinions.workflow import State
from tests.factories import HandlingUnitFactory, SectorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(db):
    # any saved object stands in for a proposal or a resident's opinion
    return HandlingUnitFactory(name="居民意见#1")


@pytest.mark.parametrize("role", [Role.PROPOSAL_STAFF, Role.OPINION_STAFF, Role.STATION_MANAGER])
def test_converting_creates_a_submitted_report(make_user, member, member_user, source, role):
    actor = make_user(role)
    report = create_report_from_conversion(
        actor=actor, member=member, title="关于加装电梯的建议", content="居民反映……", source=source
    )
    assert report.state == State.SUBMITTED
    assert report.member == member
    assert report.source == source
    assert report.original_title == "关于加装电梯的建议"
    assert report.original_problem == "居民反映……"
    assert list(report.contributors.all()) == [member]
    assert report.created_by == actor
    assert report.events.get().action == "converted"
    assert DutyRecord.objects.filter(member=member, kind=DutyKind.OPINION_SUBMITTED).count() == 1
    assert Notification.objects.filter(recipient=member_user, kind="opinion.converted").exists()
    assert list(reports_for_source(source)) == [report]


def test_superuser_may_convert(make_user, member, source):
    admin = make_user(is_superuser=True)
    report = create_report_from_conversion(
        actor=admin, member=member, title="标题", content="内容", source=source
    )
    assert report.pk


@pytest.mark.parametrize(
    "role", [Role.MEMBER, Role.UNIT_LIAISON, Role.LEADER, Role.CONSULTATION_STAFF, None]
)
def test_others_may_not_convert(make_user, member, source, role):
    actor = make_user(*([role] if role else []))
    with pytest.raises(PermissionDenied):
        create_report_from_conversion(
            actor=actor, member=member, title="标题", content="内容", source=source
        )


def test_conversion_refuses_bad_input(staff, member, source):
    with pytest.raises(ValidationError):
        create_report_from_conversion(
            actor=staff, member=member, title=" ", content="内容", source=source
        )
    with pytest.raises(ValidationError):
        create_report_from_conversion(
            actor=staff, member=member, title="标题", content="", source=source
        )
    with pytest.raises(ValidationError):
        create_report_from_conversion(
            actor=staff, member=None, title="标题", content="内容", source=source
        )
    with pytest.raises(ValidationError):
        create_report_from_conversion(
            actor=staff, member=member, title="标题", content="内容", source=SectorFactory.build()
        )


def test_a_source_is_converted_once(staff, member, source):
    create_report_from_conversion(
        actor=staff, member=member, title="标题", content="内容", source=source
    )
    with pytest.raises(ValidationError):
        create_report_from_conversion(
            actor=staff, member=member, title="标题", content="内容", source=source
        )
    assert reports_for_source(source).count() == 1


def test_outcome_is_visible_through_the_selector(staff, member, source, django_assert_num_queries):
    report = create_report_from_conversion(
        actor=staff, member=member, title="标题", content="内容", source=source
    )
    start_editing(actor=staff, report=report)
    adopt_report(actor=staff, report=report, signed_off_by="张主席")
    with django_assert_num_queries(1):  # reports with their issue (content types are cached)
        found = list(reports_for_source(source))
    assert found[0].state == State.ADOPTED
    assert found[0].issue.number >= 1
