"""Meetings, the roll, leave decisions and speeches (staff)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cppcc_portal.core.exports import xlsx_response
from cppcc_portal.core.pagination import paginate
from cppcc_portal.core.qr import qr_data_uri
from cppcc_portal.core.workflow import read_only

from .. import exports, forms, selectors, services
from ..models import (
    Attendance,
    Meeting,
    Speech,
)
from ..rules import can_manage
from ._common import (
    _back_to,
    _bind_errors,
    _form_errors_as_messages,
    _form_page,
    _get,
    call_service,
    readers_only,
    staff_only,
)


@readers_only
def meeting_list(request):
    form = forms.MeetingFilterForm(request.GET or None)
    page = paginate(request, selectors.meeting_list(request.user, **form.filters()))
    return render(
        request,
        "consultations/meeting_list.html",
        {"form": form, "page": page, "can_manage": can_manage(request.user)},
    )


@staff_only
def meeting_sign_in_screen(request, pk):
    """The sign-in code and its QR code, full screen, for the screen in the meeting hall (staff
    only: the code is shown in the room, never sent out). The QR code leads an invited member to
    their meeting page with the code filled in; they still press 签到 themselves."""
    meeting = _get(selectors.meetings_visible_to(request.user), pk=pk)
    # SITE_URL, not the request's host: the hall's phones reach the portal by its public name.
    url = "{}{}?code={}".format(
        settings.SITE_URL.rstrip("/"),
        reverse("consultations:my_meeting", args=[meeting.pk]),
        meeting.sign_in_code,
    )
    return render(
        request,
        "consultations/meeting_sign_in_screen.html",
        {"meeting": meeting, "sign_in_url": url, "qr": qr_data_uri(url)},
    )


@staff_only
@require_http_methods(["GET", "POST"])
def meeting_create(request):
    form = forms.MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.create_meeting(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _bind_errors(form, exc)
        else:
            return redirect("consultations:meeting_detail", meeting.pk)
    return _form_page(request, form, title=_("New meeting"), back=reverse("consultations:meetings"))


@readers_only
def meeting_detail(request, pk):
    meeting = _get(selectors.meetings_visible_to(request.user), pk=pk)
    form = forms.AttendanceFilterForm(request.GET or None)
    page = paginate(request, selectors.meeting_attendances(meeting, **form.filters()), per_page=50)
    manage = can_manage(request.user) and not read_only(meeting)  # a closed term's: read only
    opens, closes = services.sign_in_window(meeting)
    return render(
        request,
        "consultations/meeting_detail.html",
        {
            "sign_in_opens": opens,
            "sign_in_closes": closes,
            "meeting": meeting,
            "form": form,
            "page": page,
            "counts": selectors.attendance_counts(meeting),
            "statuses": Attendance.Status,
            "can_manage": manage,
            "invite_form": forms.InviteForm() if manage else None,
            "speeches": Speech.objects.filter(meeting=meeting).select_related("member"),
            "events": meeting.events.select_related("actor"),
            "may_reschedule": manage and services.may_reschedule(meeting),
            "now": timezone.now(),
        },
    )


@readers_only
def meeting_export(request, pk):
    meeting = _get(selectors.meetings_visible_to(request.user), pk=pk)
    headers, rows = exports.attendance_rows(selectors.meeting_attendances(meeting))
    return xlsx_response(f"{meeting.title}.xlsx", headers, rows, title=_("Attendance"))


@staff_only
@require_http_methods(["GET", "POST"])
def meeting_reschedule(request, pk):
    """Change the date, time or place of a meeting not yet held, with the reason (asked to
    confirm: every invited member is told)."""
    meeting = _get(
        selectors.meetings_visible_to(request.user).select_related("consultation"), pk=pk
    )
    may = services.may_reschedule(meeting)
    form = forms.RescheduleMeetingForm(
        request.POST or None, initial={"starts_at": meeting.starts_at, "venue": meeting.venue}
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                meeting = services.reschedule_meeting(
                    actor=request.user, meeting=meeting, **form.cleaned_data
                )
            except ValidationError as exc:
                _bind_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("The meeting now starts at %(when)s; the invited members have been told.")
                    % {"when": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M")},
                )
                return redirect("consultations:meeting_detail", meeting.pk)
        status = 400
    return render(
        request,
        "consultations/meeting_reschedule.html",
        {
            "meeting": meeting,
            "form": form,
            "may_reschedule": may,
            "events": meeting.events.select_related("actor"),
        },
        status=status,
    )


@staff_only
@require_POST
def meeting_invite(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    form = forms.InviteForm(request.POST)
    if form.is_valid():
        ok, n = call_service(
            request,
            services.invite_members,
            None,
            actor=request.user,
            meeting=meeting,
            members=form.members(),
        )
        if ok:
            messages.success(request, _("%(n)d members invited.") % {"n": n})
    else:
        _form_errors_as_messages(request, form)
    return redirect("consultations:meeting_detail", pk)


@staff_only
@require_POST
def meeting_sign_in(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    is_open = request.POST.get("open") == "1"
    call_service(
        request,
        services.set_sign_in,
        _("Sign-in opened.") if is_open else _("Sign-in closed."),
        actor=request.user,
        meeting=meeting,
        open=is_open,
    )
    return redirect("consultations:meeting_detail", pk)


@staff_only
@require_POST
def meeting_close(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    ok, n = call_service(
        request, services.close_attendance, None, actor=request.user, meeting=meeting
    )
    if ok:
        messages.success(request, _("Roll closed; %(n)d marked absent.") % {"n": n})
    return redirect("consultations:meeting_detail", pk)


@staff_only
@require_POST
def attendance_mark(request, pk):
    attendance = get_object_or_404(Attendance, pk=pk)
    attended = request.POST.get("attended") == "1"
    call_service(
        request,
        services.mark_attendance,
        None,
        actor=request.user,
        attendance=attendance,
        attended=attended,
    )
    return _back_to(request, reverse("consultations:meeting_detail", args=[attendance.meeting_id]))


@staff_only
@require_POST
def attendance_leave(request, pk):
    attendance = get_object_or_404(Attendance, pk=pk)
    approve = request.POST.get("approve") == "1"
    form = forms.RefuseLeaveForm(request.POST)
    if form.is_valid():
        call_service(
            request,
            services.decide_leave,
            _("Leave approved.") if approve else _("Leave refused."),
            actor=request.user,
            attendance=attendance,
            approve=approve,
            reason=form.cleaned_data["reason"],
        )
    else:
        _form_errors_as_messages(request, form)
    return _back_to(request, reverse("consultations:meeting_detail", args=[attendance.meeting_id]))


@readers_only
def leave_requests(request):
    form = forms.LeaveFilterForm(
        request.GET or None, meetings=selectors.leave_meetings(request.user)
    )
    page = paginate(request, selectors.leave_requests(request.user, **form.filters()))
    return render(
        request,
        "consultations/leave_requests.html",
        {"form": form, "page": page, "can_manage": can_manage(request.user)},
    )


@staff_only
@require_POST
def speech_mark(request, pk):
    speech = get_object_or_404(Speech, pk=pk)
    delivered = request.POST.get("delivered") == "1"
    call_service(
        request,
        services.mark_speech_delivered,
        _("Saved."),
        actor=request.user,
        speech=speech,
        delivered=delivered,
    )
    return _back_to(request, reverse("consultations:meeting_detail", args=[speech.meeting_id]))
