"""The member's meetings: the invitation, confirming, asking for leave and signing in with
the code shown in the room (consultations' own selectors and services; the code itself is
never sent out)."""

from django.shortcuts import get_object_or_404
from ninja import Path, Router

from consultations import selectors, services
from consultations.models import Attendance
from consultations.rules import is_member
from members.selectors import member_for

from ..errors import responses
from ..schemas import ID_MAX, LeaveIn, MeetingOut, SignInIn
from ._common import require

router = Router(tags=["meetings"])
PK = Path(..., ge=1, le=ID_MAX)


def _member(request):
    """As the meeting pages: a member with a member record."""
    member = member_for(request.user)
    require(is_member(request.user) and member is not None)
    return member


def _out(a: Attendance) -> dict:
    m = a.meeting
    return {
        "meeting_id": m.pk,
        "title": m.title,
        "kind": m.kind,
        "starts_at": m.starts_at,
        "venue": m.venue,
        "status": a.status,
        "status_label": a.get_status_display(),
        "leave_reason": a.leave_reason,
        "leave_refused_reason": a.leave_refused_reason,
        "sign_in_open": m.sign_in_open,
        "attendance_closed": m.attendance_closed,
    }


def _mine(request, pk) -> Attendance:
    member = _member(request)
    return get_object_or_404(
        Attendance.objects.select_related("meeting__consultation", "member"),
        meeting_id=pk,
        member=member,
    )


@router.get("/meetings", response=responses(200, list[MeetingOut]), summary="My meetings")
def my_meetings(request):
    _member(request)
    return [_out(a) for a in selectors.my_invitations(request.user)[:100]]


@router.get("/meetings/{pk}", response=responses(200, MeetingOut), summary="A meeting")
def my_meeting(request, pk: int = PK):
    return _out(_mine(request, pk))


@router.post("/meetings/{pk}/confirm", response=responses(200, MeetingOut), summary="Confirm")
def confirm(request, pk: int = PK):
    services.confirm_attendance(actor=request.user, attendance=_mine(request, pk))
    return _out(_mine(request, pk))


@router.post("/meetings/{pk}/leave", response=responses(200, MeetingOut), summary="Ask for leave")
def leave(request, payload: LeaveIn, pk: int = PK):
    services.request_leave(actor=request.user, attendance=_mine(request, pk), reason=payload.reason)
    return _out(_mine(request, pk))


@router.post("/meetings/{pk}/sign-in", response=responses(200, MeetingOut), summary="Sign in")
def sign_in(request, payload: SignInIn, pk: int = PK):
    attendance = _mine(request, pk)
    services.sign_in_with_code(actor=request.user, meeting=attendance.meeting, code=payload.code)
    return _out(_mine(request, pk))
