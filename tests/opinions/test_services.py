"""Service rules and refusals: drafts, submission, editing, merging, adoption, use, instructions."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cppcc_portal.accounts.roles import Role
from cppcc_portal.core.models import Counter
from cppcc_portal.notifications.models import Notification
from members.models import DutyKind, DutyRecord
from opinions import services
from opinions.models import ReportUse
from opinions.workflow import State
from tests.factories import MemberFactory

from .factories import DraftFactory, ReportFactory

pytestmark = pytest.mark.django_db


def _draft(member_user, **kw):
    data = {"title": "关于某事的建议", "problem": "问题描述。", "suggestion": "具体建议。"} | kw
    return services.save_draft(actor=member_user, **data)


def points(member, kind=None):
    qs = DutyRecord.objects.filter(member=member, voided_at__isnull=True)
    if kind:
        qs = qs.filter(kind=kind)
    return sum(r.points for r in qs)


# --- drafts and submission ---------------------------------------------------------


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


# --- editing desk ---------------------------------------------------------------------


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
        actor=staff, report=ReportFactory(member=member), signed_off_by="张"
    )
    with pytest.raises(ValidationError):
        services.merge_reports(
            actor=staff, reports=[a, adopted], title="t", problem="p", suggestion="s"
        )


# --- forwarding, use, instructions ------------------------------------------------------


def test_forward_use_and_instruction(staff, member, member_user, recipients):
    report = services.adopt_report(
        actor=staff, report=ReportFactory(member=member), signed_off_by="张"
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
    a = services.adopt_report(actor=staff, report=ReportFactory(member=member), signed_off_by="张")
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
