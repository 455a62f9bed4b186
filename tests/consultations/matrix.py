"""Permission matrix declarations for consultations, meetings, supervision and research."""

from django.core.files.base import ContentFile

from consultations.models import Material, Meeting
from tests.matrix.registry import Case

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

READERS = {"consultation_staff", "leader", "superuser"}
MANAGERS = {"consultation_staff", "superuser"}
MEMBER = {"member"}  # a superuser without a member record has no invitations
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
POSTED = {405}  # an admitted role that GETs a POST-only action

EXPECT = {
    "consultations:index": READERS | MEMBER,
    "consultations:list": READERS,
    "consultations:export": READERS,
    "consultations:create": MANAGERS,
    "consultations:plan_list": READERS,
    "consultations:plan_create": MANAGERS,
    "consultations:meetings": READERS,
    "consultations:meeting_create": MANAGERS,
    "consultations:leave_requests": READERS,
    "consultations:my_meetings": MEMBER,
    "consultations:supervision": READERS,
    "consultations:supervision_plan_create": MANAGERS,
    "consultations:inspections": READERS,
    "consultations:inspection_create": MANAGERS,
    "consultations:rectifications": READERS | {"unit_liaison"},
    "consultations:rectification_export": READERS,
    "consultations:research": READERS | MEMBER,
    "consultations:research_export": READERS,
    "consultations:research_create": MANAGERS,
    "consultations:reports": READERS | MEMBER,
    "consultations:report_create": MANAGERS | MEMBER,
}


def _invited(users):
    """A consultation whose meeting the member is invited to, with files and a speech."""
    c = ConsultationFactory()
    c.outcome_document.save("outcome.pdf", ContentFile(PDF))
    meeting = MeetingFactory(kind=Meeting.Kind.CONSULTATION, consultation=c)
    att = AttendanceFactory(meeting=meeting, member=users["member"].member)
    material = Material.objects.create(consultation=c, kind="briefing", title="通报")
    material.file.save("brief.pdf", ContentFile(PDF))
    speech = SpeechFactory(meeting=meeting, member=users["member"].member)
    return c, meeting, att, material, speech


def _not_invited():
    c = ConsultationFactory()
    meeting = MeetingFactory(kind=Meeting.Kind.CONSULTATION, consultation=c)
    return c, meeting


def _consultation(users):
    c, *_ = _invited(users)
    other, _m = _not_invited()
    return [
        Case({"pk": c.pk}, READERS | MEMBER, "invited"),
        Case({"pk": other.pk}, READERS, "not invited"),
    ]


def _consultation_post(users):
    c, *_ = _invited(users)
    return [Case({"pk": c.pk}, MANAGERS, "POST only", ok=POSTED)]


def _step(users):
    c, *_ = _invited(users)
    return [Case({"pk": c.pk, "step": "hold"}, MANAGERS, "POST only", ok=POSTED)]


def _outcome(users):
    c, *_ = _invited(users)
    return [Case({"pk": c.pk}, READERS, "outcome file")]


def _material(users):
    _c, _m, _a, material, _s = _invited(users)
    other, _ = _not_invited()
    hidden = Material.objects.create(consultation=other, kind="research", title="调研")
    hidden.file.save("r.pdf", ContentFile(PDF))
    return [
        Case({"pk": material.pk}, READERS | MEMBER, "invited"),
        Case({"pk": hidden.pk}, READERS, "not invited"),
    ]


def _plan(users):
    item = PlanItemFactory()
    item.plan.approval_document.save("plan.pdf", ContentFile(PDF))
    return item


def _plan_read(users):
    return [Case({"pk": _plan(users).plan_id}, READERS)]


def _plan_manage(users):
    return [Case({"pk": _plan(users).plan_id}, MANAGERS)]


def _plan_item_create(users):
    return [Case({"plan_pk": _plan(users).plan_id}, MANAGERS)]


def _plan_item_edit(users):
    item = _plan(users)
    return [Case({"plan_pk": item.plan_id, "pk": item.pk}, MANAGERS)]


def _plan_item_schedule(users):
    return [Case({"pk": _plan(users).pk}, MANAGERS, "POST only", ok=POSTED)]


def _meeting_read(users):
    _c, meeting, *_ = _invited(users)
    return [Case({"pk": meeting.pk}, READERS)]


def _meeting_manage(users):
    _c, meeting, *_ = _invited(users)
    return [Case({"pk": meeting.pk}, MANAGERS, "the hall's sign-in screen")]


def _meeting_post(users):
    _c, meeting, *_ = _invited(users)
    return [Case({"pk": meeting.pk}, MANAGERS, "POST only", ok=POSTED)]


def _attendance_post(users):
    _c, _m, att, *_ = _invited(users)
    return [Case({"pk": att.pk}, MANAGERS, "POST only", ok=POSTED)]


def _speech_post(users):
    *_, speech = _invited(users)
    return [Case({"pk": speech.pk}, MANAGERS, "POST only", ok=POSTED)]


def _my_meeting(users):
    _c, meeting, *_ = _invited(users)
    _o, other = _not_invited()
    return [
        Case({"pk": meeting.pk}, MEMBER, "invited"),
        Case({"pk": other.pk}, set(), "not invited"),
    ]


def _my_post(users):
    _c, meeting, *_ = _invited(users)
    return [Case({"pk": meeting.pk}, MEMBER, "POST only", ok=POSTED)]


def _supervision_read(users):
    return [Case({"pk": SupervisionItemFactory().plan_id}, READERS)]


def _supervision_manage(users):
    return [Case({"pk": SupervisionItemFactory().plan_id}, MANAGERS)]


def _supervision_item_create(users):
    return [Case({"plan_pk": SupervisionItemFactory().plan_id}, MANAGERS)]


def _inspection(users):
    own = InspectionFactory()
    own.participants.add(users["member"].member)
    other = InspectionFactory()
    return [
        Case({"pk": own.pk}, READERS | MEMBER, "a participant"),
        Case({"pk": other.pk}, READERS, "not a participant"),
    ]


def _inspection_post(users):
    return [Case({"pk": InspectionFactory().pk}, MANAGERS, "POST only", ok=POSTED)]


def _department_item(users):
    """An item whose responsible department the unit liaison works for."""
    item = RectificationFactory()
    item.responsible_unit.liaisons.add(users["unit_liaison"])
    return item


def _rectification(users):
    return [
        Case({"pk": RectificationFactory().pk}, READERS, "another department's"),
        Case({"pk": _department_item(users).pk}, READERS | {"unit_liaison"}, "its department's"),
    ]


def _rectification_step(users):
    item = RectificationFactory()
    own = _department_item(users)
    return [
        Case({"pk": item.pk, "step": "start"}, MANAGERS, "POST only", ok=POSTED),
        Case(
            {"pk": own.pk, "step": "start"},
            MANAGERS | {"unit_liaison"},
            "the department's, POST only",
            ok=POSTED,
        ),
    ]


def _research(users):
    own = ResearchProjectFactory()
    own.members.add(users["member"].member)
    other = ResearchProjectFactory()
    return [
        Case({"pk": own.pk}, READERS | MEMBER, "a project member"),
        Case({"pk": other.pk}, READERS, "not a project member"),
    ]


def _report(users):
    own = ResearchReportFactory(author_member=users["member"].member)
    own.file.save("own.pdf", ContentFile(PDF))
    other = ResearchReportFactory()
    other.file.save("other.pdf", ContentFile(PDF))
    return [
        Case({"pk": own.pk}, READERS | MEMBER, "the member's own report"),
        Case({"pk": other.pk}, READERS, "another member's report"),
    ]


PROVIDERS = {
    "consultations:detail": _consultation,
    "consultations:step": _step,
    "consultations:material_add": _consultation_post,
    "consultations:meeting_add": _consultation_post,
    "consultations:outcome_download": _outcome,
    "consultations:material_download": _material,
    "consultations:plan_detail": _plan_read,
    "consultations:plan_export": _plan_read,
    "consultations:plan_document": _plan_read,
    "consultations:plan_edit": _plan_manage,
    "consultations:plan_item_create": _plan_item_create,
    "consultations:plan_item_edit": _plan_item_edit,
    "consultations:plan_item_schedule": _plan_item_schedule,
    "consultations:meeting_detail": _meeting_read,
    "consultations:meeting_export": _meeting_read,
    "consultations:meeting_invite": _meeting_post,
    "consultations:meeting_reschedule": _meeting_manage,
    "consultations:meeting_sign_in": _meeting_post,
    "consultations:meeting_sign_in_screen": _meeting_manage,
    "consultations:meeting_close": _meeting_post,
    "consultations:attendance_mark": _attendance_post,
    "consultations:attendance_leave": _attendance_post,
    "consultations:speech_mark": _speech_post,
    "consultations:my_meeting": _my_meeting,
    "consultations:my_confirm": _my_post,
    "consultations:my_leave": _my_post,
    "consultations:my_sign_in": _my_post,
    "consultations:my_speech": _my_post,
    "consultations:supervision_plan": _supervision_read,
    "consultations:supervision_plan_export": _supervision_read,
    "consultations:supervision_plan_edit": _supervision_manage,
    "consultations:supervision_item_create": _supervision_item_create,
    "consultations:inspection_detail": _inspection,
    "consultations:inspection_participants": _inspection_post,
    "consultations:finding_add": _inspection_post,
    "consultations:rectification_detail": _rectification,
    "consultations:rectification_step": _rectification_step,
    "consultations:research_detail": _research,
    "consultations:report_detail": _report,
    "consultations:report_download": _report,
}
