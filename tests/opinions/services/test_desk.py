"""The editing desk: staff edit beside the original, stale edits refused, combining."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cppcc_portal.accounts.roles import Role
from members.models import DutyKind, DutyRecord
from opinions import services
from opinions.models import ReportUse
from opinions.workflow import State
from tests.factories import MemberFactory

from ..factories import EditedFactory, ReportFactory, points

pytestmark = pytest.mark.django_db


def test_staff_edit_keeps_the_original(staff, member):
    report = ReportFactory(member=member)
    report = services.start_editing(actor=staff, report=report, version=report.version)
    edited = services.edit_report(
        actor=staff,
        report=report,
        title="编辑后的标题",
        problem="编辑后的问题",
        suggestion="编辑后的建议",
        version=report.version,
    )
    assert edited.state == State.EDITING and edited.editor == staff
    assert edited.original_title != "编辑后的标题" and edited.was_edited


def test_concurrent_edit_is_detected(staff, member):
    report = ReportFactory(member=member)
    v = report.version
    services.edit_report(
        actor=staff, report=report, title="甲", problem="甲", suggestion="甲", version=v
    )
    with pytest.raises(ValidationError) as err:
        services.edit_report(
            actor=staff, report=report, title="乙", problem="乙", suggestion="乙", version=v
        )
    assert err.value.code == "stale"


@pytest.mark.parametrize("role", [Role.MEMBER, Role.LEADER, Role.PROPOSAL_STAFF, None])
def test_only_information_staff_edit(make_user, member, role):
    report = ReportFactory(member=member)
    actor = make_user(*([role] if role else []))
    with pytest.raises(PermissionDenied):
        services.edit_report(
            actor=actor, report=report, title="x", problem="y", suggestion="z", version=None
        )
    with pytest.raises(PermissionDenied):
        services.adopt_report(actor=actor, report=report, signed_off_by="张")
    with pytest.raises(PermissionDenied):
        services.archive_report(actor=actor, report=report, note="n")


def test_merge_then_adopt_credits_every_contributor(staff, member):
    other = MemberFactory()
    a, b = ReportFactory(member=member), ReportFactory(member=other)
    combined = services.merge_reports(
        actor=staff, reports=[a, b], title="综合", problem="综合问题", suggestion="综合建议"
    )
    a.refresh_from_db()
    assert a.state == State.MERGED and a.merged_into == combined
    assert set(combined.contributors.all()) == {member, other}
    services.adopt_report(actor=staff, report=combined, signed_off_by="张")
    assert points(member, DutyKind.OPINION_ADOPTED) == 1
    assert points(other, DutyKind.OPINION_ADOPTED) == 1
    use = services.record_use(
        actor=staff,
        report=combined,
        level="city",
        kind=ReportUse.Kind.COMBINED,
        used_on=timezone.localdate(),
    )
    assert DutyRecord.objects.filter(source_id=use.pk, kind=DutyKind.OPINION_USED_CITY).count() == 2


def test_merge_refusals(staff, member):
    a = ReportFactory(member=member)
    with pytest.raises(ValidationError):
        services.merge_reports(actor=staff, reports=[a], title="t", problem="p", suggestion="s")
    adopted = services.adopt_report(
        actor=staff, report=EditedFactory(member=member), signed_off_by="张"
    )
    with pytest.raises(ValidationError):
        services.merge_reports(
            actor=staff, reports=[a, adopted], title="t", problem="p", suggestion="s"
        )
