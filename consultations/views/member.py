"""A member's own invitations: reply, ask for leave, sign in, submit a speech."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cppcc_portal.core.pagination import paginate
from members.selectors import member_for

from .. import forms, selectors, services
from ..models import (
    Attendance,
    Speech,
)
from ._common import (
    _form_errors_as_messages,
    _get,
    call_service,
    members_only,
)


@members_only
def my_meetings(request):
    page = paginate(request, selectors.my_invitations(request.user))
    return render(request, "consultations/my_meetings.html", {"page": page})


@members_only
def my_meeting(request, pk):
    meeting = _get(
        selectors.meetings_visible_to(request.user).filter(
            attendances__member=member_for(request.user)
        ),
        pk=pk,
    )
    attendance = selectors.my_attendance(request.user, meeting)
    consultation = meeting.consultation
    materials = consultation.materials.all() if consultation else []
    speeches = Speech.objects.filter(meeting=meeting, member=attendance.member)
    return render(
        request,
        "consultations/my_meeting.html",
        {
            "meeting": meeting,
            "attendance": attendance,
            "materials": materials,
            "speeches": speeches,
            "leave_form": forms.LeaveForm(),
            # The hall's QR code carries the code: it is filled in, the member still signs in.
            "sign_in_form": forms.SignInForm(
                initial={"code": "".join(filter(str.isdigit, request.GET.get("code", "")))[:6]}
            ),
            "speech_form": forms.SpeechForm(),
            "speeches_open": not consultation or consultation.meta.speeches,
            "statuses": Attendance.Status,
        },
    )


def _my_attendance_or_404(request, pk):
    member = member_for(request.user)
    return _get(
        Attendance.objects.select_related("meeting__consultation", "member"),
        meeting_id=pk,
        member=member,
    )


@members_only
@require_POST
def my_confirm(request, pk):
    attendance = _my_attendance_or_404(request, pk)
    call_service(
        request,
        services.confirm_attendance,
        _("You have confirmed your attendance."),
        actor=request.user,
        attendance=attendance,
    )
    return redirect("consultations:my_meeting", pk)


@members_only
@require_POST
def my_leave(request, pk):
    attendance = _my_attendance_or_404(request, pk)
    form = forms.LeaveForm(request.POST)
    if form.is_valid():
        call_service(
            request,
            services.request_leave,
            _("Your leave request has been sent."),
            actor=request.user,
            attendance=attendance,
            reason=form.cleaned_data["reason"],
        )
    else:
        _form_errors_as_messages(request, form)
    return redirect("consultations:my_meeting", pk)


@members_only
@require_POST
def my_sign_in(request, pk):
    attendance = _my_attendance_or_404(request, pk)
    form = forms.SignInForm(request.POST)
    if form.is_valid():
        call_service(
            request,
            services.sign_in_with_code,
            _("You are signed in."),
            actor=request.user,
            meeting=attendance.meeting,
            code=form.cleaned_data["code"],
        )
    else:
        messages.error(request, _("The sign-in code is wrong."))
    return redirect("consultations:my_meeting", pk)


@members_only
@require_POST
def my_speech(request, pk):
    attendance = _my_attendance_or_404(request, pk)
    form = forms.SpeechForm(request.POST)
    if form.is_valid():
        call_service(
            request,
            services.submit_speech,
            _("Your speech has been submitted."),
            actor=request.user,
            meeting=attendance.meeting,
            **form.cleaned_data,
        )
    else:
        messages.error(request, _("Give the speech's title and text."))
    return redirect("consultations:my_meeting", pk)
