"""Every view × every role: who may (200/302) and who may not (403, or 404 for objects they
may not know exist); pages run a constant number of queries."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from consultations.models import Material, Meeting
from cppcc_portal.accounts.roles import Role
from tests.factories import MemberFactory

from .factories import (
    AttendanceFactory,
    ConsultationFactory,
    InspectionFactory,
    MeetingFactory,
    PlanItemFactory,
    RectificationFactory,
    ResearchProjectFactory,
    ResearchReportFactory,
    SpeechFactory,
    SupervisionItemFactory,
)

pytestmark = pytest.mark.django_db
ALL = [*Role.values, "none", "superuser"]
READERS = {Role.CONSULTATION_STAFF, Role.LEADER, "superuser"}
STAFF = {Role.CONSULTATION_STAFF, "superuser"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world(role_users):
    """A consultation the role_users member is invited to, and objects they are not part of."""
    member = role_users[Role.MEMBER].member
    item = PlanItemFactory()
    c = ConsultationFactory(plan_item=item, topic=item.topic)
    meeting = MeetingFactory(kind=Meeting.Kind.CONSULTATION, consultation=c)
    att = AttendanceFactory(meeting=meeting, member=member)
    material = Material.objects.create(consultation=c, kind="briefing", title="通报")
    material.file.save("brief.pdf", ContentFile(PDF))
    speech = SpeechFactory(meeting=meeting, member=member)
    other_meeting = MeetingFactory()
    AttendanceFactory(meeting=other_meeting)
    sitem = SupervisionItemFactory()
    insp = InspectionFactory(supervision_item=sitem)
    rect = RectificationFactory(inspection=insp)
    project = ResearchProjectFactory()
    project.members.add(MemberFactory())
    report = ResearchReportFactory(project=project)
    return {
        "c": c,
        "item": item,
        "meeting": meeting,
        "att": att,
        "material": material,
        "speech": speech,
        "other_meeting": other_meeting,
        "sitem": sitem,
        "insp": insp,
        "rect": rect,
        "project": project,
        "report": report,
    }


def _urls(w):
    """(url, {role: expected status}, default status)."""
    readers = dict.fromkeys(READERS, 200)
    staff = dict.fromkeys(STAFF, 200)
    read_member = {**readers, Role.MEMBER: 200}
    return [
        (reverse("consultations:index"), {**dict.fromkeys(READERS, 302), Role.MEMBER: 302}, 403),
        (reverse("consultations:list"), readers, 403),
        (reverse("consultations:export"), readers, 403),
        (reverse("consultations:create"), staff, 403),
        (reverse("consultations:detail", args=[w["c"].pk]), read_member, 403),
        (reverse("consultations:material_download", args=[w["material"].pk]), read_member, 404),
        (reverse("consultations:plan_list"), readers, 403),
        (reverse("consultations:plan_create"), staff, 403),
        (reverse("consultations:plan_detail", args=[w["item"].plan_id]), readers, 403),
        (reverse("consultations:plan_edit", args=[w["item"].plan_id]), staff, 403),
        (reverse("consultations:plan_export", args=[w["item"].plan_id]), readers, 403),
        (reverse("consultations:plan_item_create", args=[w["item"].plan_id]), staff, 403),
        (
            reverse("consultations:plan_item_edit", args=[w["item"].plan_id, w["item"].pk]),
            staff,
            403,
        ),
        (reverse("consultations:meetings"), readers, 403),
        (reverse("consultations:meeting_create"), staff, 403),
        (reverse("consultations:meeting_detail", args=[w["meeting"].pk]), readers, 403),
        (reverse("consultations:meeting_export", args=[w["meeting"].pk]), readers, 403),
        (reverse("consultations:meeting_reschedule", args=[w["meeting"].pk]), staff, 403),
        (reverse("consultations:leave_requests"), readers, 403),
        (reverse("consultations:my_meetings"), {Role.MEMBER: 200}, 403),
        (reverse("consultations:my_meeting", args=[w["meeting"].pk]), {Role.MEMBER: 200}, 403),
        (reverse("consultations:supervision"), readers, 403),
        (reverse("consultations:supervision_plan_create"), staff, 403),
        (reverse("consultations:supervision_plan", args=[w["sitem"].plan_id]), readers, 403),
        (reverse("consultations:supervision_plan_edit", args=[w["sitem"].plan_id]), staff, 403),
        (
            reverse("consultations:supervision_plan_export", args=[w["sitem"].plan_id]),
            readers,
            403,
        ),
        (
            reverse("consultations:supervision_item_create", args=[w["sitem"].plan_id]),
            staff,
            403,
        ),
        (reverse("consultations:inspections"), readers, 403),
        (reverse("consultations:inspection_create"), staff, 403),
        (
            reverse("consultations:inspection_detail", args=[w["insp"].pk]),
            {**readers, Role.MEMBER: 404},
            403,
        ),
        # a unit liaison reaches the list of its own department's items; this one is another's
        (reverse("consultations:rectifications"), {**readers, Role.UNIT_LIAISON: 200}, 403),
        (reverse("consultations:rectification_export"), readers, 403),
        (
            reverse("consultations:rectification_detail", args=[w["rect"].pk]),
            {**readers, Role.UNIT_LIAISON: 404},
            403,
        ),
        (reverse("consultations:research"), read_member, 403),
        (reverse("consultations:research_export"), readers, 403),
        (reverse("consultations:research_create"), staff, 403),
        (
            reverse("consultations:research_detail", args=[w["project"].pk]),
            {**readers, Role.MEMBER: 404},
            403,
        ),
        (reverse("consultations:reports"), read_member, 403),
        (reverse("consultations:report_create"), {**staff, Role.MEMBER: 200}, 403),
        (
            reverse("consultations:report_detail", args=[w["report"].pk]),
            {**readers, Role.MEMBER: 404},
            403,
        ),
    ]


@pytest.mark.parametrize("role", ALL)
def test_get_views_per_role(client_for, role_users, world, role):
    client = client_for(role_users[role])
    wrong = []
    for url, expected, default in _urls(world):
        status = client.get(url).status_code
        want = expected.get(role, default)
        if status != want:
            wrong.append((url, status, want))
    assert not wrong


def _posts(w):
    return [
        reverse("consultations:step", args=[w["c"].pk, "start_preparing"]),
        reverse("consultations:material_add", args=[w["c"].pk]),
        reverse("consultations:meeting_add", args=[w["c"].pk]),
        reverse("consultations:plan_item_schedule", args=[w["item"].pk]),
        reverse("consultations:meeting_invite", args=[w["meeting"].pk]),
        reverse("consultations:meeting_sign_in", args=[w["meeting"].pk]),
        reverse("consultations:meeting_close", args=[w["other_meeting"].pk]),
        reverse("consultations:attendance_mark", args=[w["att"].pk]),
        reverse("consultations:attendance_leave", args=[w["att"].pk]),
        reverse("consultations:speech_mark", args=[w["speech"].pk]),
        reverse("consultations:inspection_participants", args=[w["insp"].pk]),
        reverse("consultations:finding_add", args=[w["insp"].pk]),
        reverse("consultations:rectification_step", args=[w["rect"].pk, "start"]),
    ]


@pytest.mark.parametrize("role", ALL)
def test_staff_actions_per_role(client_for, role_users, world, role):
    client = client_for(role_users[role])
    for url in _posts(world):
        status = client.post(url, {}).status_code
        refused = 403
        if role == Role.UNIT_LIAISON and "/rectification/" in url:
            refused = 404  # another department's item: the unit does not see it at all
        assert status == (302 if role in STAFF else refused), url


@pytest.mark.parametrize("role", ALL)
def test_member_actions_per_role(client_for, role_users, world, role):
    client = client_for(role_users[role])
    pk = world["meeting"].pk
    for name in ("my_confirm", "my_leave", "my_sign_in", "my_speech"):
        status = client.post(reverse(f"consultations:{name}", args=[pk]), {}).status_code
        assert status == (302 if role == Role.MEMBER else 403), name


def test_member_cannot_reach_a_meeting_they_are_not_invited_to(client_for, member_user, world):
    client = client_for(member_user)
    url = reverse("consultations:my_meeting", args=[world["other_meeting"].pk])
    assert client.get(url).status_code == 404
    assert (
        client.post(
            reverse("consultations:my_confirm", args=[world["other_meeting"].pk])
        ).status_code
        == 404
    )


def test_invited_supervisor_sees_attached_items(client_for, supervisor_member, world):
    client = client_for(supervisor_member.user)
    rect_url = reverse("consultations:rectification_detail", args=[world["rect"].pk])
    assert client.get(reverse("consultations:supervision")).status_code == 200
    assert client.get(rect_url).status_code == 404
    world["insp"].supervisors.add(supervisor_member)
    assert client.get(rect_url).status_code == 200
    assert (
        client.get(reverse("consultations:inspection_detail", args=[world["insp"].pk])).status_code
        == 200
    )
    page = client.get(reverse("consultations:rectifications")).content.decode()
    assert world["rect"].finding in page


def test_plan_export_layout(client_for, staff, world):
    import io

    from openpyxl import load_workbook

    response = client_for(staff).get(
        reverse("consultations:plan_export", args=[world["item"].plan_id])
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][0] in ("序号", "No.") and len(rows) == 2
    assert rows[1][1] == world["item"].topic


def test_home_sections(client_for, staff, member_user, world):
    assert world["meeting"].title in client_for(member_user).get("/").content.decode()
    world["att"].status = "leave_requested"
    world["att"].leave_reason = "出差"
    world["att"].save()
    content = client_for(staff).get("/").content.decode()
    assert "出差" in content


# --- constant query counts ------------------------------------------------------------------


def _grow(n, member):
    for _ in range(n):
        c = ConsultationFactory(scheduled_on=timezone.localdate() - timedelta(days=2))
        m = MeetingFactory(kind=Meeting.Kind.CONSULTATION, consultation=c)
        AttendanceFactory(meeting=m, member=member)
        AttendanceFactory(meeting=m)
        SpeechFactory(meeting=m, member=member)
        RectificationFactory()
        p = ResearchProjectFactory()
        p.members.add(member)
        ResearchReportFactory(project=p, author_member=member)


@pytest.mark.parametrize(
    "who,name,args",
    [
        ("staff", "consultations:list", None),
        ("staff", "consultations:meetings", None),
        ("staff", "consultations:meeting_detail", "meeting"),
        ("staff", "consultations:detail", "consultation"),
        ("staff", "consultations:inspections", None),
        ("staff", "consultations:rectifications", None),
        ("staff", "consultations:research", None),
        ("staff", "consultations:reports", None),
        ("staff", "consultations:leave_requests", None),
        ("staff", "consultations:plan_detail", "plan"),
        ("member", "consultations:my_meetings", None),
        ("member", "consultations:my_meeting", "meeting"),
        ("member", "consultations:reports", None),
        ("member", "consultations:research", None),
    ],
)
def test_query_counts_constant(
    client_for, staff, member_user, django_assert_max_num_queries, who, name, args
):
    member = member_user.member
    user = staff if who == "staff" else member_user
    client = client_for(user)
    plan_item = PlanItemFactory()
    c = ConsultationFactory(plan_item=plan_item)
    meeting = MeetingFactory(kind=Meeting.Kind.CONSULTATION, consultation=c)
    AttendanceFactory(meeting=meeting, member=member)
    target = {"meeting": meeting.pk, "consultation": c.pk, "plan": plan_item.plan_id}
    url = reverse(name, args=[target[args]] if args else None)
    _grow(2, member)
    with django_assert_max_num_queries(25) as small:
        assert client.get(url).status_code == 200
    for _ in range(12):
        PlanItemFactory(plan=plan_item.plan)
        AttendanceFactory(meeting=meeting)
        SpeechFactory(meeting=meeting, member=member)
    _grow(12, member)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
