"""What became of an adopted report: forwarding, use, instructions, the year's figures."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cppcc_portal.notifications.models import Notification
from members.models import DutyKind
from opinions import services

from ..factories import EditedFactory, ReportFactory, points

pytestmark = pytest.mark.django_db


def test_forward_use_and_instruction(staff, member, member_user, recipients):
    report = services.adopt_report(
        actor=staff, report=EditedFactory(member=member), signed_off_by="张"
    )
    rows = services.forward_report(actor=staff, report=report, recipients=recipients)
    assert len(rows) == 3
    assert services.forward_report(actor=staff, report=report, recipients=recipients[:1]) == []
    today = timezone.localdate()
    services.record_use(
        actor=staff, report=report, level="city", kind="single", used_on=today, used_by="市政协"
    )
    services.record_instruction(
        actor=staff,
        report=report,
        leader_name="王市长",
        level="city",
        instructed_on=today,
        text="请相关部门研究落实。",
    )
    assert points(member, DutyKind.OPINION_USED_CITY) == 5
    assert points(member, DutyKind.OPINION_INSTRUCTED_CITY) == 10
    assert points(member) == 1 + 5 + 10
    kinds = set(Notification.objects.filter(recipient=member_user).values_list("kind", flat=True))
    assert {"opinion.forwarded", "opinion.used", "opinion.instructed"} <= kinds


def test_use_and_instruction_refusals(staff, member, recipients):
    report = ReportFactory(member=member)
    today = timezone.localdate()
    with pytest.raises(ValidationError):  # not adopted yet
        services.forward_report(actor=staff, report=report, recipients=recipients)
    with pytest.raises(ValidationError):
        services.record_use(actor=staff, report=report, level="city", kind="single", used_on=today)
    report = services.start_editing(actor=staff, report=report)
    report = services.adopt_report(actor=staff, report=report, signed_off_by="张")
    with pytest.raises(ValidationError):
        services.forward_report(actor=staff, report=report, recipients=[])
    with pytest.raises(ValidationError):
        services.record_use(actor=staff, report=report, level="moon", kind="single", used_on=today)
    with pytest.raises(ValidationError):
        services.record_use(
            actor=staff,
            report=report,
            level="city",
            kind="single",
            used_on=today + timedelta(days=3),
        )
    with pytest.raises(ValidationError):
        services.record_instruction(
            actor=staff, report=report, leader_name="", level="city", instructed_on=today, text="x"
        )
    with pytest.raises(ValidationError):
        services.record_instruction(
            actor=staff, report=report, leader_name="甲", level="city", instructed_on=today, text=""
        )
    with pytest.raises(PermissionDenied):
        services.record_use(
            actor=member.user, report=report, level="city", kind="single", used_on=today
        )


def test_year_figures(staff, member, django_assert_num_queries):
    from opinions.selectors import year_figures

    today = timezone.localdate()
    a = services.adopt_report(actor=staff, report=EditedFactory(member=member), signed_off_by="张")
    services.archive_report(actor=staff, report=ReportFactory(member=member), note="留存")
    ReportFactory(member=member)
    services.record_use(actor=staff, report=a, level="city", kind="single", used_on=today)
    services.record_instruction(
        actor=staff, report=a, leader_name="王", level="central", instructed_on=today, text="阅"
    )
    with django_assert_num_queries(3):
        figures = year_figures(today.year)
    assert figures["submitted"] == 3 and figures["adopted"] == 1 and figures["waiting"] == 1
    assert figures["uses"] == {"city": 1} and figures["instructions"] == {"central": 1}
    assert points(member, DutyKind.OPINION_INSTRUCTED_CENTRAL) == 30
