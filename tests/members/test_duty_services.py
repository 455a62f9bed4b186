"""The duty and study services: their rules and their refusals."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cppcc_portal.accounts.roles import Role
from cppcc_portal.notifications.models import Notification
from members import services
from members.models import (
    DutyKind,
    DutyRecord,
    MinimumReminder,
    Nomination,
    SelfReport,
    StudyRead,
    StudyReflection,
)
from tests.factories import MemberFactory

from .factories import add_record

pytestmark = pytest.mark.django_db


def test_void_record_needs_staff_and_reason_and_keeps_history(duty_member, staff, make_user):
    record = add_record(duty_member, DutyKind.SPEECH)
    with pytest.raises(PermissionDenied):
        services.void_duty_record(actor=make_user(Role.LEADER), record=record, reason="x")
    with pytest.raises(ValidationError):
        services.void_duty_record(actor=staff, record=record, reason="  ")
    services.void_duty_record(actor=staff, record=record, reason="活动取消")
    record.refresh_from_db()
    assert record.voided_at and "活动取消" in record.voided_reason
    assert record.events.count() == 2  # insert + the voiding
    with pytest.raises(ValidationError):
        services.void_duty_record(actor=staff, record=record, reason="again")


def test_self_report_draft_submit_then_final(member_user):
    with pytest.raises(ValidationError):
        services.save_self_report(actor=member_user, year=2026, body="太短", submit=True)
    report = services.save_self_report(actor=member_user, year=2026, body="草稿")
    assert report.state == SelfReport.State.DRAFT
    body = "本年度认真履职，参加协商活动三次，提交提案两件，帮办民生实事一件。"
    report = services.save_self_report(actor=member_user, year=2026, body=body, submit=True)
    assert report.state == SelfReport.State.SUBMITTED and report.submitted_at
    with pytest.raises(ValidationError):
        services.save_self_report(actor=member_user, year=2026, body=body + "改")
    assert SelfReport.objects.get().body == body


def test_self_report_refused_without_member(make_user):
    with pytest.raises(PermissionDenied):
        services.save_self_report(actor=make_user(Role.LIAISON_STAFF), year=2026, body="x" * 30)


def test_reflection_accepted_once_counts_as_duty(member_user, staff, make_user):
    reflection = services.submit_reflection(
        actor=member_user, title="学习心得", body="通过学习政协章程，我深刻认识到委员的责任。"
    )
    with pytest.raises(ValidationError):
        services.submit_reflection(actor=member_user, title="短", body="太短了")
    with pytest.raises(PermissionDenied):
        services.submit_reflection(actor=staff, title="x", body="y" * 30)
    with pytest.raises(PermissionDenied):
        services.review_reflection(actor=make_user(Role.LEADER), reflection=reflection, accept=True)
    services.review_reflection(actor=staff, reflection=reflection, accept=True)
    with pytest.raises(ValidationError):  # a second review is refused
        services.review_reflection(actor=staff, reflection=reflection, accept=True)
    record = DutyRecord.objects.get(kind=DutyKind.STUDY_REFLECTION)
    assert record.member == member_user.member and record.source == reflection
    assert Notification.objects.filter(recipient=member_user).count() == 1


def test_reflection_returned_needs_a_comment_and_no_duty(member_user, staff):
    reflection = services.submit_reflection(
        actor=member_user, title="学习心得", body="通过学习政协章程，我深刻认识到委员的责任。"
    )
    with pytest.raises(ValidationError):
        services.review_reflection(actor=staff, reflection=reflection, accept=False)
    services.review_reflection(actor=staff, reflection=reflection, accept=False, comment="请充实")
    reflection.refresh_from_db()
    assert reflection.state == StudyReflection.State.RETURNED
    assert not DutyRecord.objects.exists()


def test_training_attendance_twice_is_one_record(duty_member, staff, make_user):
    held = timezone.localdate() - timedelta(days=3)
    training = services.create_training(actor=staff, title="履职培训", held_on=held)
    assert (
        services.record_training_attendance(actor=staff, training=training, members=[duty_member])
        == 1
    )
    assert (
        services.record_training_attendance(actor=staff, training=training, members=[duty_member])
        == 0
    )
    assert DutyRecord.objects.filter(kind=DutyKind.TRAINING).count() == 1
    assert training.attendance.count() == 1
    with pytest.raises(PermissionDenied):
        services.record_training_attendance(
            actor=make_user(Role.LEADER), training=training, members=[duty_member]
        )
    future = services.create_training(
        actor=staff, title="下月培训", held_on=timezone.localdate() + timedelta(days=30)
    )
    with pytest.raises(ValidationError):
        services.record_training_attendance(actor=staff, training=future, members=[duty_member])


def test_material_publish_and_read_receipt_once(duty_member, staff, make_user):
    with pytest.raises(PermissionDenied):
        services.publish_material(actor=make_user(Role.MEMBER), title="x", body="y")
    with pytest.raises(ValidationError):
        services.publish_material(actor=staff, title="空", body=" ")
    material = services.publish_material(actor=staff, title="章程", body="全文")
    assert services.mark_read(member=duty_member, material=material) is True
    assert services.mark_read(member=duty_member, material=material) is False
    assert StudyRead.objects.count() == 1


def test_nomination_keeps_points_and_refuses_twice(duty_member, staff, make_user):
    add_record(duty_member, DutyKind.PROPOSAL_FIRST)
    with pytest.raises(PermissionDenied):
        services.nominate_outstanding(actor=make_user(Role.LEADER), member=duty_member, year=2026)
    n = services.nominate_outstanding(actor=staff, member=duty_member, year=2026, reason="积分第一")
    assert n.points == Decimal("15")
    with pytest.raises(ValidationError):
        services.nominate_outstanding(actor=staff, member=duty_member, year=2026)
    services.withdraw_nomination(actor=staff, nomination=n)
    assert not Nomination.objects.exists()


def test_minimum_reminder_last_quarter_once(make_user, term):
    user = make_user(Role.MEMBER)
    member = MemberFactory(user=user)
    done_user = make_user(Role.MEMBER)
    done = MemberFactory(user=done_user)
    for kind in (
        DutyKind.STUDY_REFLECTION,
        DutyKind.CONSULTATION,
        DutyKind.RESEARCH,
        DutyKind.PROPOSAL_FIRST,
        DutyKind.LIVELIHOOD,
    ):
        add_record(done, kind)
    add_record(member, DutyKind.CONSULTATION)
    assert services.remind_minimum_gaps(today=date(2026, 6, 1)) == 0  # not the last quarter
    assert services.remind_minimum_gaps(today=date(2026, 10, 8)) == 1
    assert services.remind_minimum_gaps(today=date(2026, 10, 9)) == 0  # once per quarter
    note = Notification.objects.get(recipient=user)
    assert "一件提案" in note.title and "一次协商活动" not in note.title
    assert not Notification.objects.filter(recipient=done_user).exists()
    assert MinimumReminder.objects.get().missing.count("、") == 3


def test_sector_archive_zip(
    duty_member, staff, eager_celery, media, django_capture_on_commit_callbacks
):
    import io
    import zipfile

    from members.models import ArchiveJob

    add_record(duty_member, DutyKind.SPEECH)
    MemberFactory(sector=duty_member.sector)
    with pytest.raises(ValidationError):
        services.request_sector_archive(actor=staff, sector=duty_member.sector)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.request_sector_archive(actor=staff, sector=duty_member.sector, year=2026)
    job.refresh_from_db()
    assert job.state == ArchiveJob.State.DONE and job.done == job.total == 2
    with job.file.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as z:
        assert len(z.namelist()) == 2
        assert all(name.endswith(".docx") for name in z.namelist())
