"""Hostile input into every form of the consultations app: a form error or a refusal, never a
500, never markup echoed unescaped, nothing stored in a wrong state (see tests/badinput.py).

Forms that move an object along its life get the object put back in its state after each
request (`after=`), so every hostile value reaches the form and the service, not only a
"someone else has changed this item" refusal. Views that answer with a redirect and a
message get the redirect followed, so the message is checked where it is shown."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.models import (
    Attendance,
    Consultation,
    ConsultationPlan,
    Feedback,
    Inspection,
    Material,
    Meeting,
    Rectification,
    ResearchProject,
    ResearchReport,
    Speech,
    SupervisionItem,
    SupervisionPlan,
)
from consultations.workflow import ConsultationState, RectificationState
from cppcc_portal.accounts.roles import Role
from tests.badinput import (
    SCRIPT,
    assert_safe,
    assert_survives_bad_input,
    follow_redirect,
    pages_are_safe,
    then,
)
from tests.factories import HandlingUnitFactory, SectorFactory, SpecialCommitteeFactory

from .factories import (
    AttendanceFactory,
    ConsultationFactory,
    InspectionFactory,
    MeetingFactory,
    PlanFactory,
    PlanItemFactory,
    RectificationFactory,
    ResearchProjectFactory,
    ResearchReportFactory,
    SpeechFactory,
    SupervisionItemFactory,
    first_form,
)

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FEW = 10


@pytest.fixture
def staff_client(client_for, staff):
    return client_for(staff)


@pytest.fixture
def world(role_users, supervisor_member):
    """One of everything, so the lists the filters narrow have rows to show."""
    member = role_users[Role.MEMBER].member
    item = PlanItemFactory()
    c = ConsultationFactory(plan_item=item, topic=item.topic)
    meeting = MeetingFactory(kind=Meeting.Kind.CONSULTATION, consultation=c)
    AttendanceFactory(meeting=meeting, member=member)
    SpeechFactory(meeting=meeting, member=member)
    sitem = SupervisionItemFactory()
    insp = InspectionFactory(supervision_item=sitem)
    RectificationFactory(inspection=insp)
    project = ResearchProjectFactory()
    project.members.add(member)
    ResearchReportFactory(project=project, author_member=member)
    return {"c": c, "meeting": meeting, "item": item, "insp": insp, "project": project}


# --- filter forms (GET) -------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,fields",
    [
        ("consultations:list", ["q", "year", "state", "form", "committee", "planned", "page"]),
        ("consultations:export", ["q", "year", "state", "form", "committee", "planned"]),
        ("consultations:meetings", ["q", "kind", "year", "page"]),
        ("consultations:inspections", ["q", "year", "unit", "page"]),
        ("consultations:rectifications", ["q", "state", "unit", "page"]),
        ("consultations:rectification_export", ["q", "state", "unit"]),
        ("consultations:research", ["q", "year", "page"]),
        ("consultations:research_export", ["q", "year"]),
        ("consultations:reports", ["q", "year", "page"]),
    ],
)
def test_filter_forms(staff_client, world, name, fields):
    assert_survives_bad_input(staff_client, reverse(name), fields, method="get", max_examples=FEW)


def test_attendance_filter_form(staff_client, world):
    url = reverse("consultations:meeting_detail", args=[world["meeting"].pk])
    assert_survives_bad_input(staff_client, url, ["q", "status", "page"], method="get")


def test_filter_forms_as_a_member(client_for, member_user, world):
    client = client_for(member_user)
    for name in ("consultations:research", "consultations:reports"):
        assert_survives_bad_input(
            client, reverse(name), ["q", "year", "page"], method="get", max_examples=5
        )


# --- plans --------------------------------------------------------------------------------


def test_plan_form(staff_client):
    url = reverse("consultations:plan_create")
    assert_survives_bad_input(
        staff_client,
        url,
        ["year", "title", "approved_on"],
        file_fields=["approval_document"],
        max_examples=FEW,
    )
    assert all(
        2000 <= year <= 2100 for year in ConsultationPlan.objects.values_list("year", flat=True)
    )
    # valid year and title: the date and the document alone are hostile
    year = timezone.localdate().year
    assert_survives_bad_input(
        staff_client,
        url,
        ["approved_on"],
        extra={"year": year + 50, "title": SCRIPT},
        file_fields=["approval_document"],
        max_examples=FEW,
        after=follow_redirect(staff_client),
    )
    plan = ConsultationPlan.objects.get(year=year + 50)
    assert not plan.approval_document or plan.approval_document.name.endswith(
        (".pdf", ".ofd", ".doc", ".docx", ".xls", ".xlsx", ".jpg", ".jpeg", ".png")
    )
    pages_are_safe(
        staff_client,
        reverse("consultations:plan_list"),
        reverse("consultations:plan_detail", args=[plan.pk]),
    )


def test_plan_item_form(staff_client):
    plan = PlanFactory()
    url = reverse("consultations:plan_item_create", args=[plan.pk])
    fields = [
        "topic",
        "form",
        "planned_month",
        "lead_leader",
        "committee",
        "responsible_units",
        "participating_units",
        "other_departments",
    ]
    assert_survives_bad_input(staff_client, url, fields, max_examples=FEW)
    assert not plan.items.exists()
    unit = HandlingUnitFactory()
    assert_survives_bad_input(
        staff_client,
        url,
        ["topic", "lead_leader", "other_departments"],
        extra={
            "form": first_form().pk,
            "planned_month": 3,
            "committee": SpecialCommitteeFactory().pk,
            "responsible_units": [unit.pk],
        },
        max_examples=FEW,
    )
    assert plan.items.filter(topic=SCRIPT).exists()
    assert set(plan.items.values_list("planned_month", flat=True)) == {3}
    pages_are_safe(
        staff_client,
        reverse("consultations:plan_detail", args=[plan.pk]),
        reverse("consultations:plan_export", args=[plan.pk]),
    )


def test_schedule_form(staff_client):
    item = PlanItemFactory(topic=SCRIPT)
    url = reverse("consultations:plan_item_schedule", args=[item.pk])

    def unschedule(response):
        Consultation.objects.filter(plan_item=item).delete()

    assert_survives_bad_input(
        staff_client,
        url,
        ["scheduled_on", "start_time", "venue"],
        max_examples=FEW,
        after=then(follow_redirect(staff_client), unschedule),
    )
    day = timezone.localdate().replace(month=6, day=15).isoformat()
    assert_survives_bad_input(
        staff_client,
        url,
        ["start_time", "venue"],
        extra={"scheduled_on": day},
        max_examples=FEW,
        after=then(follow_redirect(staff_client), unschedule),
    )
    assert not Consultation.objects.exclude(year=item.plan.year).exists()


def test_unplanned_consultation_form(staff_client):
    url = reverse("consultations:create")
    fields = ["topic", "form", "committee", "lead_leader", "scheduled_on", "start_time", "venue"]
    assert_survives_bad_input(staff_client, url, fields, max_examples=FEW)
    assert_survives_bad_input(
        staff_client,
        url,
        ["topic", "lead_leader", "venue"],
        extra={"form": first_form().pk, "scheduled_on": "2026-05-04"},
        max_examples=FEW,
        after=follow_redirect(staff_client),
    )
    assert Consultation.objects.filter(topic__contains="<script>").exists()
    assert not Consultation.objects.filter(topic="").exists()
    pages_are_safe(
        staff_client,
        reverse("consultations:list"),
        reverse("consultations:meetings"),
        *[
            reverse("consultations:detail", args=[pk])
            for pk in Consultation.objects.values_list("pk", flat=True)[:20]
        ],
    )


# --- a consultation's life ------------------------------------------------------------------


def test_material_form(staff_client):
    c = ConsultationFactory(state=ConsultationState.PREPARING)
    url = reverse("consultations:material_add", args=[c.pk])
    assert_survives_bad_input(
        staff_client,
        url,
        ["kind", "title", "summary"],
        file_fields=["file"],
        max_examples=FEW,
        after=follow_redirect(staff_client),
    )
    assert_survives_bad_input(
        staff_client,
        url,
        ["title", "summary"],
        extra={"kind": "briefing"},
        file_fields=["file"],
        max_examples=FEW,
        after=follow_redirect(staff_client),
    )
    assert Material.objects.filter(consultation=c, title__contains="<script>").exists()
    for material in Material.objects.filter(consultation=c).exclude(file=""):
        assert material.file.name.rsplit(".", 1)[-1].lower() in {
            "pdf",
            "ofd",
            "doc",
            "docx",
            "xls",
            "xlsx",
            "jpg",
            "jpeg",
            "png",
        }
    pages_are_safe(staff_client, reverse("consultations:detail", args=[c.pk]))


def _reset_state(model, pk, state, **fields):
    def after(response):
        model.objects.filter(pk=pk).update(state=state, **fields)

    return after


def test_held_form(staff_client):
    c = ConsultationFactory(state=ConsultationState.PREPARING)
    url = reverse("consultations:step", args=[c.pk, "hold"])
    fields = ["held_on", "venue", "officials_present", "minutes"]
    reset = _reset_state(Consultation, c.pk, ConsultationState.PREPARING)
    assert_survives_bad_input(staff_client, url, fields, max_examples=FEW, after=reset)
    assert_survives_bad_input(
        staff_client,
        url,
        ["venue", "officials_present", "minutes"],
        extra={"held_on": timezone.localdate().isoformat()},
        max_examples=FEW,
        after=then(follow_redirect(staff_client), reset),
    )
    c.refresh_from_db()
    assert c.held_on is None or c.held_on <= timezone.localdate()


def test_outcome_form(staff_client):
    c = ConsultationFactory(
        state=ConsultationState.HELD, held_on=timezone.localdate(), topic=SCRIPT
    )
    url = reverse("consultations:step", args=[c.pk, "send_outcome"])
    reset = _reset_state(Consultation, c.pk, ConsultationState.HELD)
    assert_survives_bad_input(
        staff_client,
        url,
        ["outcome_kind", "outcome_title", "outcome_text", "sent_on", "recipients"],
        file_fields=["outcome_document"],
        max_examples=FEW,
        after=reset,
    )
    assert_survives_bad_input(
        staff_client,
        url,
        ["outcome_title", "outcome_text", "recipients"],
        extra={"outcome_kind": Consultation.OutcomeKind.values[0], "sent_on": "2099-01-05"},
        file_fields=["outcome_document"],
        max_examples=FEW,
        after=then(follow_redirect(staff_client), reset),
    )
    assert Consultation.objects.filter(pk=c.pk, outcome_sent_on__isnull=False).exists()
    # the feedback deadline and its notification carry the topic: shown escaped
    pages_are_safe(staff_client, reverse("notifications:list"), reverse("home"))


def test_feedback_form(staff_client, member_user):
    c = ConsultationFactory(
        state=ConsultationState.OUTCOME_SENT,
        held_on=timezone.localdate() - timedelta(days=5),
        outcome_sent_on=timezone.localdate() - timedelta(days=4),
    )
    meeting = MeetingFactory(kind=Meeting.Kind.CONSULTATION, consultation=c)
    speech = SpeechFactory(meeting=meeting, member=member_user.member)
    foreign = SpeechFactory()
    url = reverse("consultations:step", args=[c.pk, "receive_feedback"])

    def reset(response):
        Feedback.objects.filter(consultation=c).delete()
        Consultation.objects.filter(pk=c.pk).update(state=ConsultationState.OUTCOME_SENT)

    fields = [
        "result",
        "received_on",
        "text",
        "leader_instructions",
        "suggestions_answered",
        "speeches",
    ]
    assert_survives_bad_input(staff_client, url, fields, max_examples=FEW, after=reset)
    assert_survives_bad_input(
        staff_client,
        url,
        ["text", "leader_instructions", "suggestions_answered"],
        extra={
            "result": Feedback.Result.values[0],
            "received_on": timezone.localdate().isoformat(),
            "speeches": [speech.pk],
        },
        max_examples=FEW,
        after=then(follow_redirect(staff_client), reset),
    )
    # a speech of another consultation is never linked
    response = staff_client.post(
        url,
        {
            "result": Feedback.Result.values[0],
            "received_on": timezone.localdate().isoformat(),
            "text": SCRIPT,
            "speeches": [foreign.pk],
        },
    )
    assert response.status_code == 400  # the kernel's action view: the page, the error at the field
    assert not Feedback.objects.filter(speeches=foreign).exists()
    pages_are_safe(staff_client, reverse("consultations:detail", args=[c.pk]))


# --- meetings and attendance ----------------------------------------------------------------


def test_meeting_form(staff_client):
    url = reverse("consultations:meeting_create")
    fields = ["kind", "title", "starts_at", "venue", "session"]
    assert_survives_bad_input(staff_client, url, fields, max_examples=FEW)
    assert not Meeting.objects.filter(kind=Meeting.Kind.CONSULTATION).exists()
    assert_survives_bad_input(
        staff_client,
        url,
        ["title", "venue"],
        extra={"kind": Meeting.Kind.OTHER, "starts_at": "2026-05-04T09:00"},
        max_examples=FEW,
        after=follow_redirect(staff_client),
    )
    assert Meeting.objects.filter(title=SCRIPT).exists()
    pages_are_safe(staff_client, reverse("consultations:meetings"))


def test_consultation_meeting_form(staff_client):
    c = ConsultationFactory(state=ConsultationState.PREPARING)
    url = reverse("consultations:meeting_add", args=[c.pk])
    assert_survives_bad_input(
        staff_client,
        url,
        ["title", "starts_at", "venue"],
        max_examples=FEW,
        after=follow_redirect(staff_client),
    )
    assert set(c.meetings.values_list("kind", flat=True)) <= {Meeting.Kind.CONSULTATION}
    pages_are_safe(staff_client, reverse("consultations:meetings"))


def test_invite_form(staff_client, make_member):
    meeting = MeetingFactory()
    make_member(number="A0001")
    url = reverse("consultations:meeting_invite", args=[meeting.pk])
    assert_survives_bad_input(
        staff_client,
        url,
        ["group", "committee", "sector", "numbers"],
        max_examples=FEW,
        after=follow_redirect(staff_client),
    )
    SectorFactory()
    assert_survives_bad_input(
        staff_client,
        url,
        ["numbers"],
        extra={"group": ""},
        max_examples=FEW,
        after=follow_redirect(staff_client),
    )
    invited = set(meeting.attendances.values_list("member__number", flat=True))
    assert invited <= {"A0001"}


@pytest.fixture
def invitation(member_user):
    meeting = MeetingFactory(starts_at=timezone.now() + timedelta(days=2))
    return AttendanceFactory(meeting=meeting, member=member_user.member)


def test_leave_form(client_for, member_user, invitation):
    client = client_for(member_user)
    url = reverse("consultations:my_leave", args=[invitation.meeting_id])
    reset = _reset_state_attendance(invitation, Attendance.Status.INVITED)
    assert_survives_bad_input(
        client, url, ["reason"], max_examples=15, after=then(follow_redirect(client), reset)
    )
    invitation.refresh_from_db()
    assert len(invitation.leave_reason) <= 300 and "\x00" not in invitation.leave_reason
    pages_are_safe(client, reverse("consultations:my_meeting", args=[invitation.meeting_id]))


def _reset_state_attendance(attendance, status):
    def after(response):
        Attendance.objects.filter(pk=attendance.pk).update(status=status)

    return after


def test_refuse_leave_form(staff_client, invitation):
    Attendance.objects.filter(pk=invitation.pk).update(
        status=Attendance.Status.LEAVE_REQUESTED, leave_reason=SCRIPT
    )
    url = reverse("consultations:attendance_leave", args=[invitation.pk])
    reset = _reset_state_attendance(invitation, Attendance.Status.LEAVE_REQUESTED)
    assert_survives_bad_input(
        staff_client,
        url,
        ["reason", "next"],
        extra={"approve": "0"},
        max_examples=15,
        after=then(follow_redirect(staff_client), reset),
    )
    pages_are_safe(
        staff_client,
        reverse("consultations:leave_requests"),
        reverse("consultations:meeting_detail", args=[invitation.meeting_id]),
    )


def test_leave_reasons_with_a_nul_byte_are_a_message_not_a_server_error(
    client_for, member_user, staff, invitation
):
    """The leave views read `reason` from the POST unvalidated: a NUL byte was a 500."""
    client = client_for(member_user)
    response = client.post(
        reverse("consultations:my_leave", args=[invitation.meeting_id]), {"reason": "病\x00假"}
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == Attendance.Status.INVITED
    too_long = client.post(
        reverse("consultations:my_leave", args=[invitation.meeting_id]), {"reason": "长" * 301}
    )
    assert too_long.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == Attendance.Status.INVITED
    page = client.get(too_long["Location"]).content.decode()
    assert "请假事由" in page and "300" in page
    Attendance.objects.filter(pk=invitation.pk).update(status=Attendance.Status.LEAVE_REQUESTED)
    response = client_for(staff).post(
        reverse("consultations:attendance_leave", args=[invitation.pk]),
        {"approve": "0", "reason": "不\x00准"},
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == Attendance.Status.LEAVE_REQUESTED


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example"])
def test_staff_actions_never_redirect_off_site(staff_client, invitation, target):
    Attendance.objects.filter(pk=invitation.pk).update(status=Attendance.Status.LEAVE_REQUESTED)
    speech = SpeechFactory(meeting=invitation.meeting)
    for url, data in [
        (reverse("consultations:attendance_leave", args=[invitation.pk]), {"approve": "0"}),
        (reverse("consultations:attendance_mark", args=[invitation.pk]), {"attended": "1"}),
        (reverse("consultations:speech_mark", args=[speech.pk]), {"delivered": "1"}),
    ]:
        response = staff_client.post(url, {**data, "reason": "x", "next": target})
        assert response.status_code == 302
        assert "evil.example" not in response["Location"], (url, target)
    # a path on the site is still followed
    response = staff_client.post(
        reverse("consultations:attendance_mark", args=[invitation.pk]),
        {"attended": "1", "next": "/consultations/leave-requests/?page=2"},
    )
    assert response["Location"] == "/consultations/leave-requests/?page=2"


def test_sign_in_form(client_for, member_user, invitation):
    Meeting.objects.filter(pk=invitation.meeting_id).update(
        sign_in_open=True, starts_at=timezone.now() - timedelta(minutes=5), sign_in_code="123456"
    )
    client = client_for(member_user)
    url = reverse("consultations:my_sign_in", args=[invitation.meeting_id])

    def still_not_signed_in(response):
        from django.core.cache import cache

        cache.clear()  # the wrong-code limit would otherwise refuse the rest unheard
        invitation.refresh_from_db()
        assert invitation.status == Attendance.Status.INVITED

    assert_survives_bad_input(
        client,
        url,
        ["code"],
        max_examples=15,
        after=then(follow_redirect(client), still_not_signed_in),
    )


def test_speech_form(client_for, member_user, invitation, staff):
    client = client_for(member_user)
    url = reverse("consultations:my_speech", args=[invitation.meeting_id])
    assert_survives_bad_input(
        client, url, ["title", "text"], max_examples=FEW, after=follow_redirect(client)
    )
    speeches = Speech.objects.filter(meeting_id=invitation.meeting_id)
    assert speeches.filter(title=SCRIPT).exists()
    assert not speeches.filter(title="").exists()
    pages_are_safe(client, reverse("consultations:my_meeting", args=[invitation.meeting_id]))
    pages_are_safe(
        client_for(staff), reverse("consultations:meeting_detail", args=[invitation.meeting_id])
    )


# --- supervision --------------------------------------------------------------------------


def test_supervision_plan_form(staff_client):
    url = reverse("consultations:supervision_plan_create")
    assert_survives_bad_input(staff_client, url, ["year", "title", "approved_on"], max_examples=FEW)
    assert_survives_bad_input(
        staff_client,
        url,
        ["title", "approved_on"],
        extra={"year": 2090},
        max_examples=FEW,
    )
    assert all(2000 <= y <= 2100 for y in SupervisionPlan.objects.values_list("year", flat=True))
    pages_are_safe(staff_client, reverse("consultations:supervision"))
    for plan in SupervisionPlan.objects.all():
        pages_are_safe(staff_client, reverse("consultations:supervision_plan", args=[plan.pk]))


def test_supervision_item_form(staff_client, supervisor_member, make_member):
    plan = SupervisionItemFactory().plan
    not_a_supervisor = make_member()
    url = reverse("consultations:supervision_item_create", args=[plan.pk])
    fields = ["topic", "form", "planned_month", "target_unit", "committee", "supervisors"]
    assert_survives_bad_input(staff_client, url, fields, max_examples=FEW)
    assert_survives_bad_input(
        staff_client,
        url,
        ["topic"],
        extra={
            "form": SupervisionItem.Form.INSPECTION,
            "planned_month": 4,
            "supervisors": [supervisor_member.pk],
        },
        max_examples=FEW,
    )
    response = staff_client.post(
        url,
        {
            "topic": "x",
            "form": SupervisionItem.Form.INSPECTION,
            "planned_month": 4,
            "supervisors": [not_a_supervisor.pk],
        },
    )
    assert_safe(response)
    assert not SupervisionItem.objects.filter(supervisors=not_a_supervisor).exists()
    pages_are_safe(staff_client, reverse("consultations:supervision_plan", args=[plan.pk]))


def test_inspection_form(staff_client, supervisor_member):
    url = reverse("consultations:inspection_create")
    fields = [
        "title",
        "held_on",
        "place",
        "committee",
        "target_unit",
        "supervision_item",
        "summary",
        "participant_numbers",
        "supervisors",
    ]
    assert_survives_bad_input(staff_client, url, fields, max_examples=FEW)
    assert not Inspection.objects.exists()
    assert_survives_bad_input(
        staff_client,
        url,
        ["title", "place", "summary"],
        extra={"held_on": "2026-04-01"},
        max_examples=FEW,
        after=follow_redirect(staff_client),
    )
    assert Inspection.objects.filter(title=SCRIPT).exists()
    pages_are_safe(staff_client, reverse("consultations:inspections"))


def test_participants_form(staff_client, make_member):
    inspection = InspectionFactory(title=SCRIPT)
    member = make_member(number="P0001")
    inspection.participants.add(member)
    url = reverse("consultations:inspection_participants", args=[inspection.pk])
    assert_survives_bad_input(
        staff_client,
        url,
        ["participant_numbers"],
        max_examples=15,
        after=follow_redirect(staff_client),
    )
    # every hostile list was refused: the participants are those set before (or none, for "")
    assert set(inspection.participants.all()) <= {member}


def test_finding_form(staff_client):
    inspection = InspectionFactory()
    unit = HandlingUnitFactory()
    url = reverse("consultations:finding_add", args=[inspection.pk])
    assert_survives_bad_input(
        staff_client,
        url,
        ["finding", "responsible_unit", "deadline"],
        max_examples=FEW,
        after=follow_redirect(staff_client),
    )
    assert_survives_bad_input(
        staff_client,
        url,
        ["finding", "deadline"],
        extra={"responsible_unit": unit.pk, "deadline": "2099-01-01"},
        max_examples=FEW,
        after=follow_redirect(staff_client),
    )
    for item in Rectification.objects.filter(inspection=inspection):
        assert item.deadline >= inspection.held_on
        pages_are_safe(staff_client, reverse("consultations:rectification_detail", args=[item.pk]))
    pages_are_safe(staff_client, reverse("consultations:rectifications"))


def test_report_rectification_form(staff_client):
    item = RectificationFactory(state=RectificationState.RECTIFYING)
    url = reverse("consultations:rectification_step", args=[item.pk, "report"])
    reset = _reset_state(Rectification, item.pk, RectificationState.RECTIFYING)
    assert_survives_bad_input(
        staff_client,
        url,
        ["feedback", "reported_on", "expected_state"],
        max_examples=FEW,
        after=reset,
    )
    assert_survives_bad_input(
        staff_client,
        url,
        ["feedback", "reported_on"],
        extra={"reported_on": timezone.localdate().isoformat()},
        max_examples=FEW,
        after=then(follow_redirect(staff_client), reset),
    )


def test_verify_form(staff_client):
    item = RectificationFactory(state=RectificationState.REPORTED, feedback="已整改")
    url = reverse("consultations:rectification_step", args=[item.pk, "verify"])
    reset = _reset_state(Rectification, item.pk, RectificationState.REPORTED)
    assert_survives_bad_input(
        staff_client,
        url,
        ["accepted", "verification", "new_deadline"],
        max_examples=FEW,
        after=reset,
    )
    assert_survives_bad_input(
        staff_client,
        url,
        ["verification", "new_deadline"],
        extra={"accepted": "no"},
        max_examples=FEW,
        after=then(follow_redirect(staff_client), reset),
    )
    item.refresh_from_db()
    assert item.deadline > timezone.localdate() - timedelta(days=1)


# --- research -------------------------------------------------------------------------------


def test_research_project_form(staff_client, make_member):
    make_member(number="R0001")
    url = reverse("consultations:research_create")
    fields = ["committee", "topic", "starts_on", "ends_on", "summary", "participant_numbers"]
    assert_survives_bad_input(staff_client, url, fields, max_examples=FEW)
    assert_survives_bad_input(
        staff_client,
        url,
        ["topic", "summary", "participant_numbers", "ends_on"],
        extra={"starts_on": "2026-04-01", "ends_on": "2026-05-01"},
        max_examples=FEW,
        after=follow_redirect(staff_client),
    )
    for project in ResearchProject.objects.all():
        assert project.starts_on <= project.ends_on
    pages_are_safe(staff_client, reverse("consultations:research"))


def test_research_report_form_as_staff(staff_client, make_member):
    make_member(number="W0001")
    project = ResearchProjectFactory()
    url = reverse("consultations:report_create")
    fields = ["title", "project", "text", "author_number", "author_committee"]
    assert_survives_bad_input(staff_client, url, fields, file_fields=["file"], max_examples=FEW)
    assert_survives_bad_input(
        staff_client,
        url,
        ["title", "text"],
        extra={"author_number": "W0001", "project": project.pk},
        file_fields=["file"],
        max_examples=FEW,
        after=follow_redirect(staff_client),
    )
    assert ResearchReport.objects.filter(title__contains="<script>").exists()
    pages_are_safe(staff_client, reverse("consultations:reports"))


def test_research_report_form_as_a_member(client_for, member_user):
    mine = ResearchProjectFactory()
    mine.members.add(member_user.member)
    other = ResearchProjectFactory()
    client = client_for(member_user)
    url = reverse("consultations:report_create")
    assert_survives_bad_input(
        client,
        url,
        ["title", "project", "text", "author_number"],
        file_fields=["file"],
        max_examples=FEW,
        after=follow_redirect(client),
    )
    reports = ResearchReport.objects.all()
    assert not reports.filter(project=other).exists()
    assert set(reports.values_list("author_member", flat=True)) <= {member_user.member.pk}
    pages_are_safe(client, reverse("consultations:reports"))


# --- regressions found by the tests above -------------------------------------------------


@pytest.mark.parametrize("starts_at", ["0001-01-01T00:00", "0001-01-01", "9999-12-31T23:59"])
def test_a_meeting_at_the_ends_of_the_calendar_is_refused(staff_client, starts_at):
    """0001-01-01 00:00 in Beijing is a timestamp before year 1 in UTC: stored, it made the
    meeting list a 500 for everyone."""
    response = staff_client.post(
        reverse("consultations:meeting_create"),
        {"kind": Meeting.Kind.OTHER, "title": "会议", "starts_at": starts_at},
    )
    assert response.status_code == 200
    assert "请输入2000年至2100年之间的日期" in response.content.decode()
    assert not Meeting.objects.exists()
    assert staff_client.get(reverse("consultations:meetings")).status_code == 200


def test_an_unplanned_consultation_in_year_one_is_refused(staff_client):
    response = staff_client.post(
        reverse("consultations:create"),
        {"topic": "议题", "form": first_form().pk, "scheduled_on": "0001-01-01"},
    )
    assert response.status_code == 200 and response.context["form"].errors["scheduled_on"]
    assert not Consultation.objects.exists()


def test_an_outcome_sent_in_9999_is_refused(staff_client):
    """The feedback deadline (sent on + working days) overflowed the calendar: a 500."""
    c = ConsultationFactory(state=ConsultationState.HELD, held_on=timezone.localdate())
    response = staff_client.post(
        reverse("consultations:step", args=[c.pk, "send_outcome"]),
        {
            "outcome_kind": Consultation.OutcomeKind.values[0],
            "outcome_title": "建议",
            "outcome_text": "正文",
            "sent_on": "9999-12-31",
            "recipients": "区委",
        },
        follow=True,
    )
    assert response.status_code == 400  # the page again, the error next to the field
    assert "请输入2000年至2100年之间的日期" in response.content.decode()
    c.refresh_from_db()
    assert c.state == ConsultationState.HELD and c.feedback_due_on is None


def test_a_research_project_ending_before_it_starts_is_refused(staff_client):
    response = staff_client.post(
        reverse("consultations:research_create"),
        {"topic": "调研", "starts_on": "2026-05-01", "ends_on": "2026-04-01"},
    )
    assert response.status_code == 200
    assert "结束日期不能早于开始日期" in response.content.decode()
    assert not ResearchProject.objects.exists()


def test_unknown_member_numbers_are_named_but_not_echoed_in_full(staff_client, make_member):
    make_member(number="K0001")
    pasted = " ".join(f"X{i:04d}" for i in range(50)) + " " + "A" * 100_000
    response = staff_client.post(
        reverse("consultations:inspection_create"),
        {"title": "视察", "held_on": "2026-04-01", "participant_numbers": "K0001 " + pasted},
    )
    assert response.status_code == 200
    error = response.context["form"].errors["participant_numbers"][0]
    assert "X0000" in error and "X0008" in error and "X0010" not in error
    assert len(error) < 300 and "K0001" not in error
    assert not Inspection.objects.exists()
