"""Every read of the consultations app, narrowed to what the user may see, with the joins
a page needs so it runs a constant number of queries."""

from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, Value, When

from cppcc_portal.accounts.roles import Role, has_role
from cppcc_portal.core.subqueries import count_of
from members.selectors import member_for

from .models import (
    Attendance,
    Consultation,
    ConsultationPlan,
    Inspection,
    Meeting,
    PlanItem,
    Rectification,
    ResearchProject,
    ResearchReport,
    Speech,
    SupervisionItem,
    SupervisionPlan,
)
from .rules import can_read_all, is_invited_supervisor, sees_own_rectifications
from .workflow import LIVE_RECTIFICATION_STATES

# --- Consultations ------------------------------------------------------------------------


def _invited(meeting_ref: str, **filters):
    """How many attendance rows of the meeting(s) at `meeting_ref` (matching `filters`)."""
    return count_of(Attendance.objects.filter(**filters), meeting_ref)


def consultations_visible_to(user):
    """Staff and leaders: all; a member: the consultations they are invited to."""
    qs = Consultation.objects.select_related("form", "committee", "plan_item")
    if can_read_all(user):
        return qs
    member = member_for(user)
    if member is None:
        return qs.none()
    return qs.filter(
        Exists(Attendance.objects.filter(meeting__consultation=OuterRef("pk"), member=member))
    )


def consultation_list(
    user, *, q="", year=None, state=None, form=None, planned=None, committee=None
):
    qs = consultations_visible_to(user)
    if q:
        qs = qs.filter(Q(topic__contains=q) | Q(lead_leader__contains=q))
    if year:
        qs = qs.filter(year=year)
    if state:
        qs = qs.filter(state=state)
    if form:
        qs = qs.filter(form_id=form)
    if committee:
        qs = qs.filter(committee_id=committee)
    if planned == "planned":
        qs = qs.filter(plan_item__isnull=False)
    elif planned == "unplanned":
        qs = qs.filter(plan_item__isnull=True)
    return qs.annotate(n_invited=_invited("meeting__consultation")).order_by("-scheduled_on", "-id")


def consultation_detail(user, pk):
    return (
        consultations_visible_to(user)
        .select_related("created_by")
        .prefetch_related(
            "materials",
            "events__actor",
            Prefetch(
                "meetings",
                queryset=Meeting.objects.annotate(
                    n_invited=Count("attendances"),
                    n_attended=Count("attendances", filter=Q(attendances__status="attended")),
                    n_leave=Count(
                        "attendances",
                        filter=Q(attendances__status__in=["leave_requested", "leave_approved"]),
                    ),
                ).order_by("starts_at"),
            ),
        )
        .get(pk=pk)
    )


def consultation_speeches(consultation):
    return Speech.objects.filter(meeting__consultation=consultation).select_related(
        "member", "meeting"
    )


def feedback_for(consultation):
    from .models import Feedback

    return (
        Feedback.objects.filter(consultation=consultation)
        .select_related("recorded_by")
        .prefetch_related("speeches__member")
        .first()
    )


# --- Plans ----------------------------------------------------------------------------------


def plans_visible_to(user):
    if not can_read_all(user):
        return ConsultationPlan.objects.none()
    return ConsultationPlan.objects.annotate(n_items=Count("items"))


def plan_items(plan):
    return (
        PlanItem.objects.filter(plan=plan)
        .select_related("form", "committee", "consultation")
        .prefetch_related("responsible_units", "participating_units")
    )


# --- Meetings -------------------------------------------------------------------------------


def meetings_visible_to(user):
    qs = Meeting.objects.select_related("consultation", "session")
    if can_read_all(user):
        return qs
    member = member_for(user)
    if member is None:
        return qs.none()
    return qs.filter(Exists(Attendance.objects.filter(meeting=OuterRef("pk"), member=member)))


def meeting_list(user, *, q="", kind=None, year=None):
    qs = meetings_visible_to(user)
    if q:
        qs = qs.filter(title__contains=q)
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(starts_at__year=year)
    return qs.annotate(
        n_invited=_invited("meeting"),
        n_attended=_invited("meeting", status="attended"),
        n_pending_leave=_invited("meeting", status="leave_requested"),
    ).order_by("-starts_at", "-id")


def meeting_attendances(meeting, *, status=None, q=""):
    qs = Attendance.objects.filter(meeting=meeting).select_related("member__sector")
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(member__name__contains=q) | Q(member__number__icontains=q))
    return qs.order_by("member__number")


def attendance_counts(meeting) -> dict:
    rows = Attendance.objects.filter(meeting=meeting).values("status").annotate(n=Count("id"))
    return {r["status"]: r["n"] for r in rows}


def pending_leave_requests(user):
    if not can_read_all(user):
        return Attendance.objects.none()
    return (
        Attendance.objects.filter(status=Attendance.Status.LEAVE_REQUESTED)
        .select_related("member", "meeting")
        .order_by("meeting__starts_at", "member__number")
    )


# the leave list's states: what became of a request (a refused one is invited again, with the
# refusal's reason kept)
LEAVE_STATES = {
    "pending": Q(status=Attendance.Status.LEAVE_REQUESTED),
    "approved": Q(status=Attendance.Status.LEAVE_APPROVED),
    "refused": ~Q(leave_refused_reason="")
    & ~Q(status__in=[Attendance.Status.LEAVE_REQUESTED, Attendance.Status.LEAVE_APPROVED]),
}
LEAVE_STATES["all"] = LEAVE_STATES["pending"] | LEAVE_STATES["approved"] | LEAVE_STATES["refused"]


def leave_requests(user, *, state=None, meeting=None, q=""):
    """The leave list for staff and leaders: pending requests unless another state is asked
    for, of one meeting if asked; waiting ones first, then the newest."""
    if not can_read_all(user):
        return Attendance.objects.none()
    qs = Attendance.objects.filter(LEAVE_STATES.get(state or "pending", LEAVE_STATES["pending"]))
    if meeting:
        qs = qs.filter(meeting_id=meeting)
    if q:
        qs = qs.filter(Q(member__name__contains=q) | Q(meeting__title__contains=q))
    return (
        qs.select_related("member", "meeting")
        .annotate(
            waiting=Case(
                When(status=Attendance.Status.LEAVE_REQUESTED, then=Value(0)),
                default=Value(1),
            )
        )
        .order_by("waiting", "-updated_at", "-id")
    )


def leave_meetings(user):
    """The meetings the leave list can be narrowed to: those with a leave request of any
    state, newest first."""
    if not can_read_all(user):
        return Meeting.objects.none()
    asked = Attendance.objects.filter(LEAVE_STATES["all"], meeting=OuterRef("pk"))
    return Meeting.objects.filter(Exists(asked)).order_by("-starts_at", "-id")


def my_invitations(user, *, when=None):
    """A member's meetings, newest first, with their own attendance row."""
    member = member_for(user)
    if member is None:
        return Attendance.objects.none()
    qs = Attendance.objects.filter(member=member).select_related(
        "meeting__consultation__form", "meeting__session"
    )
    if when == "waiting":
        qs = qs.filter(status=Attendance.Status.INVITED, meeting__attendance_closed=False)
    return qs.order_by("-meeting__starts_at", "-id")


def waiting_invitations(user) -> list:
    """Invitations a member has not answered yet (cached on the user: the menu badge and the
    home page share one query)."""
    cached = getattr(user, "_waiting_invitations", None)
    if cached is None:
        cached = list(
            Attendance.objects.filter(
                member__user=user,
                status=Attendance.Status.INVITED,
                meeting__attendance_closed=False,
            )
            .select_related("meeting")
            .order_by("meeting__starts_at", "id")[:100]
        )
        user._waiting_invitations = cached
    return cached


def my_attendance(user, meeting):
    member = member_for(user)
    if member is None:
        return None
    return Attendance.objects.filter(meeting=meeting, member=member).first()


# --- Supervision ----------------------------------------------------------------------------


def _supervisor(user):
    member = member_for(user)
    return member if is_invited_supervisor(member) else None


def can_see_supervision(user) -> bool:
    return can_read_all(user) or _supervisor(user) is not None


def can_open_inspection(user, inspection_id) -> bool:
    """Whether the inspection's page opens for the user (a department reporting its own
    rectification sees the item, not the inspection)."""
    if not (can_read_all(user) or has_role(user, Role.MEMBER)):
        return False
    return inspections_visible_to(user).filter(pk=inspection_id).exists()


def can_see_rectifications(user) -> bool:
    """Supervision's readers, and the departments that report their own rectification."""
    return can_see_supervision(user) or sees_own_rectifications(user)


def supervision_items_visible_to(user):
    qs = SupervisionItem.objects.select_related("plan", "target_unit", "committee")
    if can_read_all(user):
        return qs
    member = _supervisor(user)
    if member is None:
        return qs.none()
    return qs.filter(supervisors=member)


def supervision_plans_visible_to(user):
    if not can_read_all(user):
        return SupervisionPlan.objects.none()
    return SupervisionPlan.objects.annotate(n_items=Count("items"))


def inspections_visible_to(user):
    qs = Inspection.objects.select_related("committee", "target_unit", "supervision_item")
    if can_read_all(user):
        return qs
    member = member_for(user)
    if member is None:
        return qs.none()
    return qs.filter(
        Q(
            pk__in=Inspection.participants.through.objects.filter(member=member).values(
                "inspection_id"
            )
        )
        | Q(
            pk__in=Inspection.supervisors.through.objects.filter(member=member).values(
                "inspection_id"
            )
        )
    )


def inspection_list(user, *, q="", year=None, unit=None):
    qs = inspections_visible_to(user)
    if q:
        qs = qs.filter(Q(title__contains=q) | Q(place__contains=q))
    if year:
        qs = qs.filter(held_on__year=year)
    if unit:
        qs = qs.filter(target_unit_id=unit)
    return qs.annotate(
        n_participants=Count("participants", distinct=True),
        n_open=Count(
            "rectifications",
            filter=Q(rectifications__state__in=LIVE_RECTIFICATION_STATES),
            distinct=True,
        ),
    ).order_by("-held_on", "-id")


def rectifications_visible_to(user):
    """Readers see every item; invited supervisors those they inspect; the responsible
    department (its liaisons and head) its own."""
    qs = Rectification.objects.select_related("inspection", "responsible_unit")
    if can_read_all(user):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    own = Q(responsible_unit__liaisons=user) | Q(responsible_unit__head_user=user)
    member = _supervisor(user)
    if member is not None:
        own |= Q(inspection__supervisors=member) | Q(
            inspection__supervision_item__supervisors=member
        )
    return qs.filter(own).distinct()


def rectification_list(user, *, q="", state=None, unit=None):
    qs = rectifications_visible_to(user)
    if q:
        qs = qs.filter(Q(finding__contains=q) | Q(inspection__title__contains=q))
    if state:
        qs = qs.filter(state=state)
    if unit:
        qs = qs.filter(responsible_unit_id=unit)
    return qs.order_by("deadline", "id")


# --- Research -------------------------------------------------------------------------------


def research_projects_visible_to(user):
    qs = ResearchProject.objects.select_related("committee")
    if can_read_all(user):
        return qs
    member = member_for(user)
    if member is None:
        return qs.none()
    return qs.filter(members=member)


def research_project_list(user, *, q="", year=None, committee=None):
    qs = research_projects_visible_to(user)
    if q:
        qs = qs.filter(topic__contains=q)
    if year:
        qs = qs.filter(starts_on__year=year)
    if committee:
        qs = qs.filter(committee_id=committee)
    return qs.annotate(
        n_members=Count("members", distinct=True), n_reports=Count("reports", distinct=True)
    ).order_by("-starts_on", "-id")


def research_reports_visible_to(user):
    qs = ResearchReport.objects.select_related("project", "author_member", "author_committee")
    if can_read_all(user):
        return qs
    member = member_for(user)
    if member is None:
        return qs.none()
    return qs.filter(author_member=member)


def research_report_list(user, *, q="", year=None):
    qs = research_reports_visible_to(user)
    if q:
        qs = qs.filter(Q(title__contains=q) | Q(author_member__name__contains=q))
    if year:
        qs = qs.filter(submitted_on__year=year)
    return qs.order_by("-submitted_on", "-id")
