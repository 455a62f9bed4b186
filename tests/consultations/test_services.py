"""Service rules and refusals: plans, the consultation's life, attendance and the duty ledger,
speeches, outcomes and feedback, supervision, rectification and research."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from consultations import services
from consultations.models import (
    Attendance,
    Consultation,
    ConsultationSettings,
    Meeting,
)
from consultations.selectors import rectifications_visible_to, supervision_items_visible_to
from cppcc_portal.notifications.calendar import add_working_days
from cppcc_portal.notifications.models import Deadline, Notification
from members.models import DutyKind, DutyRecord
from tests.factories import (
    HandlingUnitFactory,
    MemberFactory,
    SpecialCommitteeFactory,
    UserFactory,
)

from .factories import (
    AttendanceFactory,
    ConsultationFactory,
    InspectionFactory,
    MeetingFactory,
    PlanItemFactory,
    RectificationFactory,
    SpeechFactory,
    SupervisionItemFactory,
    first_form,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def live(member, kind=None):
    qs = DutyRecord.objects.filter(member=member, voided_at__isnull=True)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


# --- plans and scheduling ---------------------------------------------------------------


def test_schedule_plan_item_makes_consultation_with_meeting(staff):
    item = PlanItemFactory()
    day = TODAY() + timedelta(days=10)
    if day.year != item.plan.year:
        day = TODAY()
    c = services.schedule_plan_item(actor=staff, item=item, scheduled_on=day, venue="会议室")
    assert c.plan_item == item and c.is_planned and c.state == "planned"
    assert c.topic == item.topic and c.form == item.form
    assert c.meetings.get().kind == Meeting.Kind.CONSULTATION
    with pytest.raises(ValidationError):
        services.schedule_plan_item(actor=staff, item=item, scheduled_on=day)


def test_schedule_refuses_other_year_and_non_staff(staff, leader):
    item = PlanItemFactory()
    with pytest.raises(ValidationError):
        services.schedule_plan_item(
            actor=staff, item=item, scheduled_on=TODAY().replace(year=item.plan.year + 1)
        )
    with pytest.raises(PermissionDenied):
        services.schedule_plan_item(actor=leader, item=item, scheduled_on=TODAY())


def test_unplanned_consultation_is_marked(staff):
    c = services.create_unplanned_consultation(
        actor=staff, topic="临时协商", form=first_form(), scheduled_on=TODAY()
    )
    assert not c.is_planned
    with pytest.raises(ValidationError):
        services.create_unplanned_consultation(
            actor=staff, topic="  ", form=first_form(), scheduled_on=TODAY()
        )


# --- the consultation's life --------------------------------------------------------------


def _to_held(staff, c):
    services.start_preparing(actor=staff, consultation=c)
    services.record_held(
        actor=staff, consultation=c, held_on=TODAY(), venue="会议室", minutes="纪要"
    )
    return c


def test_full_life_with_deadline_and_feedback(staff, make_member):
    ConsultationSettings.objects.update(feedback_working_days=3)
    c = ConsultationFactory()
    meeting = MeetingFactory(kind=Meeting.Kind.CONSULTATION, consultation=c)
    member = make_member()
    speech = SpeechFactory(meeting=meeting, member=member)
    _to_held(staff, c)
    assert c.state == "held"
    services.send_outcome(
        actor=staff,
        consultation=c,
        outcome_kind="report",
        outcome_title="建议报告",
        outcome_text="建议……",
        sent_on=TODAY(),
    )
    assert c.state == "outcome_sent"
    assert c.feedback_due_on == add_working_days(TODAY(), 3)
    deadline = Deadline.objects.get(duty=services.FEEDBACK_DUTY, target_id=c.pk)
    assert deadline.due_on == c.feedback_due_on and deadline.state == "open"
    assert Notification.objects.filter(recipient=staff, kind="consultation.feedback_due").exists()
    fb = services.record_feedback(
        actor=staff,
        consultation=c,
        result="partly",
        received_on=TODAY(),
        text="部分采纳",
        leader_instructions="请研究",
        speeches=[speech],
    )
    assert list(fb.speeches.all()) == [speech]
    deadline.refresh_from_db()
    assert deadline.state == "met"
    services.close_consultation(actor=staff, consultation=c)
    assert c.state == "closed"
    assert list(c.events.values_list("to_state", flat=True)) == [
        "preparing",
        "held",
        "outcome_sent",
        "feedback_received",
        "closed",
    ]


def test_illegal_moves_are_refused(staff, leader):
    c = ConsultationFactory()
    with pytest.raises(ValidationError):
        services.record_held(actor=staff, consultation=c, held_on=TODAY(), venue="室")
    with pytest.raises(ValidationError):
        services.close_consultation(actor=staff, consultation=c)
    with pytest.raises(PermissionDenied):
        services.start_preparing(actor=leader, consultation=c)
    services.start_preparing(actor=staff, consultation=c)
    with pytest.raises(ValidationError):
        services.record_held(
            actor=staff, consultation=c, held_on=TODAY() + timedelta(days=2), venue="室"
        )
    with pytest.raises(ValidationError):
        services.record_held(actor=staff, consultation=c, held_on=TODAY(), venue=" ")


def test_stale_and_concurrent_transitions_are_refused(staff):
    c = ConsultationFactory()
    with pytest.raises(ValidationError, match="changed|修改"):
        # a page built on another version than the stored one
        services.start_preparing(actor=staff, consultation=c, version=c.version + 1)
    first = Consultation.objects.get(pk=c.pk)
    second = Consultation.objects.get(pk=c.pk)
    services.start_preparing(actor=staff, consultation=first)
    with pytest.raises(ValidationError):
        services.start_preparing(actor=staff, consultation=second)
    assert Consultation.objects.get(pk=c.pk).events.count() == 1


def test_outcome_and_feedback_refusals(staff):
    c = _to_held(staff, ConsultationFactory())
    with pytest.raises(ValidationError):
        services.send_outcome(
            actor=staff, consultation=c, outcome_kind="report", outcome_title="t", sent_on=TODAY()
        )
    with pytest.raises(ValidationError):
        services.send_outcome(
            actor=staff,
            consultation=c,
            outcome_kind="report",
            outcome_title="t",
            outcome_text="x",
            sent_on=TODAY() - timedelta(days=5),
        )
    services.send_outcome(
        actor=staff,
        consultation=c,
        outcome_kind="minutes",
        outcome_title="t",
        outcome_text="x",
        sent_on=TODAY(),
    )
    other = SpeechFactory()
    with pytest.raises(ValidationError):
        services.record_feedback(
            actor=staff,
            consultation=c,
            result="adopted",
            received_on=TODAY(),
            text="好",
            speeches=[other],
        )
    with pytest.raises(ValidationError):
        services.record_feedback(
            actor=staff, consultation=c, result="adopted", received_on=TODAY(), text=" "
        )


def test_materials_only_before_the_meeting(staff):
    c = ConsultationFactory()
    m = services.add_material(
        actor=staff, consultation=c, kind="briefing", title="通报", summary="内容"
    )
    assert m.pk
    with pytest.raises(ValidationError):
        services.add_material(actor=staff, consultation=c, kind="briefing", title="空")
    _to_held(staff, c)
    with pytest.raises(ValidationError):
        services.add_material(actor=staff, consultation=c, kind="briefing", title="迟", summary="x")


# --- attendance ------------------------------------------------------------------------------


def test_invite_notifies_and_skips_duplicates(staff, make_member):
    meeting = MeetingFactory()
    members = [make_member() for _ in range(3)]
    assert services.invite_members(actor=staff, meeting=meeting, members=members) == 3
    assert services.invite_members(actor=staff, meeting=meeting, members=members) == 0
    assert Notification.objects.filter(kind="consultation.invitation").count() == 3
    left = MemberFactory(status="left")
    with pytest.raises(ValidationError):
        services.invite_members(actor=staff, meeting=meeting, members=[left])


def test_leave_then_attended_voids_and_records(staff, make_member):
    c = ConsultationFactory()
    meeting = MeetingFactory(kind=Meeting.Kind.CONSULTATION, consultation=c)
    member = make_member()
    att = AttendanceFactory(meeting=meeting, member=member)
    with pytest.raises(ValidationError):
        services.request_leave(actor=member.user, attendance=att, reason=" ")
    services.request_leave(actor=member.user, attendance=att, reason="出差")
    with pytest.raises(ValidationError):
        services.decide_leave(actor=staff, attendance=att, approve=False)  # reason required
    services.decide_leave(actor=staff, attendance=att, approve=True)
    assert live(member, DutyKind.MEETING_LEAVE).count() == 1
    assert Notification.objects.filter(recipient=member.user, kind="consultation.leave_decision")
    services.mark_attendance(actor=staff, attendance=att, attended=True)
    assert not live(member, DutyKind.MEETING_LEAVE).exists()
    assert live(member, DutyKind.CONSULTATION).count() == 1
    services.mark_attendance(actor=staff, attendance=att, attended=False)
    assert list(live(member).values_list("kind", flat=True)) == [DutyKind.MEETING_ABSENT]
    assert DutyRecord.objects.filter(member=member, voided_at__isnull=False).count() == 2


def test_refused_leave_returns_to_invited(staff, make_member):
    member = make_member()
    att = AttendanceFactory(member=member)
    services.request_leave(actor=member.user, attendance=att, reason="病")
    services.decide_leave(actor=staff, attendance=att, approve=False, reason="会议重要")
    att.refresh_from_db()
    assert att.status == "invited" and att.leave_refused_reason == "会议重要"
    assert not live(member).exists()


def test_plenary_duty_kinds(staff, make_member):
    meeting = MeetingFactory(kind=Meeting.Kind.PLENARY)
    a, b = make_member(), make_member()
    att_a = AttendanceFactory(meeting=meeting, member=a)
    AttendanceFactory(meeting=meeting, member=b)
    services.mark_attendance(actor=staff, attendance=att_a, attended=True)
    assert services.close_attendance(actor=staff, meeting=meeting) == 1
    assert live(a, DutyKind.PLENARY_ATTENDED).exists()
    assert live(b, DutyKind.PLENARY_ABSENT).get().points < 0
    with pytest.raises(ValidationError):
        services.close_attendance(actor=staff, meeting=meeting)


def test_members_act_only_on_their_own_invitation(make_member):
    a, b = make_member(), make_member()
    att = AttendanceFactory(member=a)
    with pytest.raises(PermissionDenied):
        services.confirm_attendance(actor=b.user, attendance=att)
    services.confirm_attendance(actor=a.user, attendance=att)
    att.refresh_from_db()
    assert att.status == "confirmed"


def test_sign_in_with_code(staff, make_member):
    meeting = MeetingFactory()
    member, outsider = make_member(), make_member()
    AttendanceFactory(meeting=meeting, member=member)
    with pytest.raises(ValidationError):  # not open yet
        services.sign_in_with_code(actor=member.user, meeting=meeting, code=meeting.sign_in_code)
    services.set_sign_in(actor=staff, meeting=meeting, open=True)
    with pytest.raises(ValidationError):
        services.sign_in_with_code(actor=member.user, meeting=meeting, code="xxxxxx")
    with pytest.raises(PermissionDenied):
        services.sign_in_with_code(actor=outsider.user, meeting=meeting, code=meeting.sign_in_code)
    att = services.sign_in_with_code(actor=member.user, meeting=meeting, code=meeting.sign_in_code)
    assert att.status == "attended" and att.signed_in_by_code
    assert live(member, DutyKind.MEETING_ATTENDED).count() == 1


def test_too_many_wrong_codes(staff, make_member):
    meeting = MeetingFactory(sign_in_open=True)
    member = make_member()
    AttendanceFactory(meeting=meeting, member=member)
    for _ in range(services.SIGN_IN_ATTEMPTS):
        with pytest.raises(ValidationError):
            services.sign_in_with_code(actor=member.user, meeting=meeting, code="wrong1")
    with pytest.raises(ValidationError, match="Too many|过多|次数"):
        services.sign_in_with_code(actor=member.user, meeting=meeting, code=meeting.sign_in_code)


# --- speeches --------------------------------------------------------------------------------


def test_speeches(staff, make_member):
    meeting = MeetingFactory()
    member, outsider = make_member(), make_member()
    AttendanceFactory(meeting=meeting, member=member)
    with pytest.raises(PermissionDenied):
        services.submit_speech(actor=outsider.user, meeting=meeting, title="t", text="x")
    speech = services.submit_speech(actor=member.user, meeting=meeting, title="建议", text="内容")
    with pytest.raises(PermissionDenied):
        services.mark_speech_delivered(actor=member.user, speech=speech)
    services.mark_speech_delivered(actor=staff, speech=speech)
    services.mark_speech_delivered(actor=staff, speech=speech)  # idempotent
    assert live(member, DutyKind.SPEECH).count() == 1
    services.mark_speech_delivered(actor=staff, speech=speech, delivered=False)
    assert not live(member, DutyKind.SPEECH).exists()


def test_no_speeches_after_outcome(staff, make_member):
    c = _to_held(staff, ConsultationFactory())
    meeting = MeetingFactory(kind=Meeting.Kind.CONSULTATION, consultation=c)
    member = make_member()
    AttendanceFactory(meeting=meeting, member=member)
    services.send_outcome(
        actor=staff,
        consultation=c,
        outcome_kind="report",
        outcome_title="t",
        outcome_text="x",
        sent_on=TODAY(),
    )
    with pytest.raises(ValidationError):
        services.submit_speech(actor=member.user, meeting=meeting, title="t", text="x")


# --- supervision and rectification ----------------------------------------------------------------


def test_supervisors_must_hold_the_post(staff, supervisor_member, make_member):
    item = SupervisionItemFactory()
    with pytest.raises(ValidationError):
        services.save_supervision_item(
            actor=staff,
            plan=item.plan,
            item=item,
            topic="t",
            form="special",
            planned_month=3,
            supervisors=[make_member()],
        )
    services.save_supervision_item(
        actor=staff,
        plan=item.plan,
        item=item,
        topic="t",
        form="special",
        planned_month=3,
        supervisors=[supervisor_member],
    )
    assert list(supervision_items_visible_to(supervisor_member.user)) == [item]


def test_inspection_participants_duty(staff, make_member):
    a, b = make_member(), make_member()
    insp = services.create_inspection(
        actor=staff, title="视察", held_on=TODAY() - timedelta(days=1), participants=[a, b]
    )
    assert live(a, DutyKind.INSPECTION).count() == 1
    services.set_inspection_participants(actor=staff, inspection=insp, members=[a])
    assert not live(b, DutyKind.INSPECTION).exists()
    assert live(a, DutyKind.INSPECTION).count() == 1


def test_rectification_flow(staff, supervisor_member):
    unit = HandlingUnitFactory()
    liaison = UserFactory(roles=["unit_liaison"])
    unit.liaisons.add(liaison)
    insp = InspectionFactory()
    insp.supervisors.add(supervisor_member)
    with pytest.raises(ValidationError):
        services.add_finding(
            actor=staff,
            inspection=insp,
            finding="x",
            responsible_unit=unit,
            deadline=insp.held_on - timedelta(days=1),
        )
    item = services.add_finding(
        actor=staff,
        inspection=insp,
        finding="垃圾堆放",
        responsible_unit=unit,
        deadline=TODAY() + timedelta(days=20),
    )
    assert Notification.objects.filter(recipient=liaison, kind="inspection.rectification_due")
    deadline = Deadline.objects.get(duty=services.RECTIFICATION_DUTY, target_id=item.pk)
    assert list(rectifications_visible_to(supervisor_member.user)) == [item]
    with pytest.raises(ValidationError):
        services.verify_rectification(actor=staff, item=item, accepted=True, verification="x")
    services.start_rectification(actor=staff, item=item)
    services.report_rectification(actor=staff, item=item, feedback="已整改", reported_on=TODAY())
    with pytest.raises(ValidationError):
        services.verify_rectification(actor=staff, item=item, accepted=False, verification="不彻底")
    services.verify_rectification(
        actor=staff,
        item=item,
        accepted=False,
        verification="不彻底",
        new_deadline=TODAY() + timedelta(days=10),
    )
    assert item.state == "reopened"
    deadline.refresh_from_db()
    assert deadline.due_on == TODAY() + timedelta(days=10)
    services.report_rectification(actor=staff, item=item, feedback="再整改", reported_on=TODAY())
    services.verify_rectification(actor=staff, item=item, accepted=True, verification="到位")
    assert item.state == "verified" and item.verified_by == staff
    deadline.refresh_from_db()
    assert deadline.state == "met"


def test_rectification_stale_state_refused(staff):
    item = RectificationFactory()
    with pytest.raises(ValidationError):
        services.start_rectification(actor=staff, item=item, version=item.version + 1)


def test_supervisor_without_attachment_sees_nothing(supervisor_member):
    RectificationFactory()
    SupervisionItemFactory()
    assert not rectifications_visible_to(supervisor_member.user).exists()
    assert not supervision_items_visible_to(supervisor_member.user).exists()


# --- research ----------------------------------------------------------------------------------------


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


def test_bulk_attendance_duty_respects_uniqueness(staff, make_member):
    meeting = MeetingFactory(kind=Meeting.Kind.PLENARY)
    member = make_member()
    att = AttendanceFactory(meeting=meeting, member=member, status=Attendance.Status.ATTENDED)
    services.bulk_record_attendance_duty([att])
    services.bulk_record_attendance_duty([att])
    assert live(member, DutyKind.PLENARY_ATTENDED).count() == 1


def test_plenary_absence_counts_once_per_session(staff, make_member):
    from tests.factories import SessionFactory

    session = SessionFactory()
    half_days = [MeetingFactory(kind=Meeting.Kind.PLENARY, session=session) for _ in range(3)]
    member = make_member()
    rows = [AttendanceFactory(meeting=m, member=member) for m in half_days]
    for att in rows:
        services.mark_attendance(actor=staff, attendance=att, attended=False)
    assert live(member, DutyKind.PLENARY_ABSENT).count() == 1
    services.mark_attendance(actor=staff, attendance=rows[0], attended=True)
    services.mark_attendance(actor=staff, attendance=rows[1], attended=True)
    assert live(member, DutyKind.PLENARY_ABSENT).count() == 1
    assert live(member, DutyKind.PLENARY_ATTENDED).count() == 2
    services.mark_attendance(actor=staff, attendance=rows[2], attended=True)
    assert not live(member, DutyKind.PLENARY_ABSENT).exists()
    assert live(member, DutyKind.PLENARY_ATTENDED).count() == 3


def test_closing_plenary_rolls_counts_absence_once(staff, make_member):
    from tests.factories import SessionFactory

    session = SessionFactory()
    member = make_member()
    for _ in range(2):
        meeting = MeetingFactory(kind=Meeting.Kind.PLENARY, session=session)
        AttendanceFactory(meeting=meeting, member=member)
        services.close_attendance(actor=staff, meeting=meeting)
    assert live(member, DutyKind.PLENARY_ABSENT).count() == 1
