"""Research projects and reports in the duty ledger."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from consultations import services
from members.models import DutyKind
from tests.factories import (
    SpecialCommitteeFactory,
)

from .helpers import TODAY, live

pytestmark = pytest.mark.django_db


def test_research_project_and_reports(staff, make_member):
    a, b, outsider = make_member(), make_member(), make_member()
    project = services.save_research_project(
        actor=staff,
        committee=None,
        topic="调研",
        starts_on=TODAY(),
        ends_on=TODAY(),
        members=[a, b],
    )
    assert live(a, DutyKind.RESEARCH).count() == 1
    services.save_research_project(
        actor=staff,
        project=project,
        committee=None,
        topic="调研",
        starts_on=TODAY(),
        ends_on=TODAY(),
        members=[a],
    )
    assert not live(b, DutyKind.RESEARCH).exists()
    report = services.submit_research_report(
        actor=a.user, title="报告", text="内容", project=project
    )
    assert report.author_member == a
    assert live(a, DutyKind.RESEARCH_REPORT).count() == 1
    with pytest.raises(PermissionDenied):
        services.submit_research_report(
            actor=outsider.user, title="报告", text="x", project=project
        )
    with pytest.raises(ValidationError):
        services.submit_research_report(actor=a.user, title="空", text=" ")
    with pytest.raises(ValidationError):
        services.submit_research_report(actor=staff, title="无作者", text="x")
    committee_report = services.submit_research_report(
        actor=staff, title="专委会报告", text="x", author_committee=SpecialCommitteeFactory()
    )
    assert committee_report.author_member is None


def test_research_dates_ordered(staff):
    with pytest.raises(ValidationError):
        services.save_research_project(
            actor=staff,
            committee=None,
            topic="x",
            starts_on=TODAY(),
            ends_on=TODAY() - timedelta(days=1),
        )
