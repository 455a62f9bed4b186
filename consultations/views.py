"""Thin views: check the role, parse the form, call one service or selector, render."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cppcc_portal.core.exports import xlsx_response
from cppcc_portal.core.files import file_response
from cppcc_portal.core.pagination import paginate
from cppcc_portal.core.redirects import redirect_back
from cppcc_portal.core.workflow.views import run_action
from members.selectors import member_for

from . import exports, forms, selectors, services
from .actions import CONSULTATION_ACTIONS, RECTIFICATION_ACTIONS
from .models import (
    Attendance,
    Consultation,
    ConsultationPlan,
    Inspection,
    Material,
    Meeting,
    PlanItem,
    Speech,
    SupervisionPlan,
)
from .rules import can_manage, can_read_all, is_member

# --- access helpers ---------------------------------------------------------------------------


def readers_only(view):
    """Consultation staff and leaders."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not can_read_all(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def staff_only(view):
    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not can_manage(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def members_only(view):
    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not is_member(request.user) or member_for(request.user) is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _get(qs, **lookup):
    try:
        return qs.get(**lookup)
    except ObjectDoesNotExist:
        raise Http404 from None


def _run(request, action, success):
    """Call a service; a refusal (ValidationError) becomes a message, not an error page."""
    try:
        result = action()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False, None
    if success:
        messages.success(request, success)
    return True, result


def _back_to(request, fallback):
    """Return to the page the form was on (`next`), never to another site."""
    return redirect_back(request, request.POST.get("next", ""), fallback)


def _form_errors_as_messages(request, form):
    for field, errs in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for e in errs:
            messages.error(request, f"{label}：{e}" if label else e)


def _form_page(request, form, *, title, back, submit=None, multipart=False):
    return render(
        request,
        "consultations/form.html",
        {"form": form, "title": title, "back": back, "submit": submit, "multipart": multipart},
    )


def _bind_errors(form, exc):
    if hasattr(exc, "error_dict"):
        for field, errs in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, exc.messages)


# --- entry --------------------------------------------------------------------------------------


@login_required
def index(request):
    if can_read_all(request.user):
        return redirect("consultations:list")
    if is_member(request.user):
        return redirect("consultations:my_meetings")
    raise PermissionDenied


# --- consultations ------------------------------------------------------------------------------


@readers_only
def consultation_list(request):
    form = forms.ConsultationFilterForm(request.GET or None)
    qs = selectors.consultation_list(request.user, **form.filters())
    page = paginate(request, qs)
    return render(
        request,
        "consultations/consultation_list.html",
        {"form": form, "page": page, "can_manage": can_manage(request.user)},
    )


@readers_only
def consultation_export(request):
    form = forms.ConsultationFilterForm(request.GET or None)
    qs = selectors.consultation_list(request.user, **form.filters())
    headers, rows = exports.consultation_rows(qs)
    name = _("consultations") + timezone.localdate().strftime("-%Y%m%d") + ".xlsx"
    return xlsx_response(name, headers, rows, title=_("Consultations"))


@staff_only
@require_http_methods(["GET", "POST"])
def consultation_create(request):
    form = forms.UnplannedConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            c = services.create_unplanned_consultation(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _bind_errors(form, exc)
        else:
            messages.success(request, _("The consultation has been created."))
            return redirect("consultations:detail", c.pk)
    return _form_page(
        request, form, title=_("New unplanned consultation"), back=reverse("consultations:list")
    )


def _visible_consultation(request, pk):
    if not (can_read_all(request.user) or is_member(request.user)):
        raise PermissionDenied
    try:
        return selectors.consultation_detail(request.user, pk)
    except Consultation.DoesNotExist:
        raise Http404 from None


def _render_consultation(request, consultation, bound=None, status=200):
    manage = can_manage(request.user)
    entries = CONSULTATION_ACTIONS.page_entries(
        request, consultation, "consultations:step", bound=bound
    )
    return render(
        request,
        "consultations/consultation_detail.html",
        {
            "c": consultation,
            "meta": consultation.meta,
            "can_manage": manage,
            "readers": can_read_all(request.user),
            "action_entries": entries,
            "material_form": forms.MaterialForm() if manage else None,
            "meeting_form": forms.MeetingForm(initial={"title": consultation.topic})
            if manage
            else None,
            "speeches": list(selectors.consultation_speeches(consultation)),
            "feedback": selectors.feedback_for(consultation),
        },
        status=status,
    )


@login_required
def consultation_detail(request, pk):
    return _render_consultation(request, _visible_consultation(request, pk))


@staff_only
def consultation_step(request, pk, step):
    """Every step of a consultation's life (consultations.actions), through the kernel's one
    action view."""
    return run_action(
        request,
        _visible_consultation(request, pk),
        CONSULTATION_ACTIONS,
        step,
        render_page=_render_consultation,
        reload=lambda old: _visible_consultation(request, pk),
    )


@staff_only
@require_POST
def material_add(request, pk):
    consultation = _get(Consultation.objects.all(), pk=pk)
    form = forms.MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        _run(
            request,
            lambda: services.add_material(
                actor=request.user, consultation=consultation, **form.cleaned_data
            ),
            _("The material has been added."),
        )
    else:
        for errs in form.errors.values():
            for e in errs:
                messages.error(request, e)
    return redirect("consultations:detail", pk)


@login_required
def material_download(request, pk):
    material = _get(Material.objects.select_related("consultation"), pk=pk)
    if (
        not selectors.consultations_visible_to(request.user)
        .filter(pk=material.consultation_id)
        .exists()
    ):
        raise Http404
    return file_response(material.file, inline=True)


@login_required
def outcome_download(request, pk):
    consultation = _get(selectors.consultations_visible_to(request.user), pk=pk)
    if not can_read_all(request.user):
        raise Http404
    return file_response(consultation.outcome_document)


@staff_only
@require_POST
def consultation_meeting_create(request, pk):
    consultation = _get(Consultation.objects.all(), pk=pk)
    form = forms.MeetingForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        ok, meeting = _run(
            request,
            lambda: services.create_meeting(
                actor=request.user,
                kind=Meeting.Kind.CONSULTATION,
                title=data["title"],
                starts_at=data["starts_at"],
                venue=data["venue"],
                consultation=consultation,
            ),
            _("The meeting has been added."),
        )
        if ok:
            return redirect("consultations:meeting_detail", meeting.pk)
    return redirect("consultations:detail", pk)


# --- plans ---------------------------------------------------------------------------------


@readers_only
def plan_list(request):
    plans = selectors.plans_visible_to(request.user)
    return render(
        request,
        "consultations/plan_list.html",
        {"plans": plans, "can_manage": can_manage(request.user)},
    )


@staff_only
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk=None):
    plan = get_object_or_404(ConsultationPlan, pk=pk) if pk else None
    initial = (
        {"year": plan.year, "title": plan.title, "approved_on": plan.approved_on}
        if plan
        else {
            "year": timezone.localdate().year,
            "title": _("%(year)s consultation plan") % {"year": timezone.localdate().year},
        }
    )
    form = forms.PlanForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.save_plan(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            _bind_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("consultations:plan_detail", plan.pk)
    return _form_page(
        request,
        form,
        title=_("Consultation plan"),
        back=reverse("consultations:plan_list"),
        multipart=True,
    )


@readers_only
def plan_detail(request, pk):
    plan = get_object_or_404(ConsultationPlan, pk=pk)
    return render(
        request,
        "consultations/plan_detail.html",
        {
            "plan": plan,
            "items": selectors.plan_items(plan),
            "can_manage": can_manage(request.user),
            "schedule_form": forms.ScheduleForm(),
        },
    )


@readers_only
def plan_export(request, pk):
    plan = get_object_or_404(ConsultationPlan, pk=pk)
    headers, rows = exports.plan_rows(selectors.plan_items(plan))
    return xlsx_response(f"{plan.title}.xlsx", headers, rows, title=str(plan.year))


@readers_only
def plan_document(request, pk):
    plan = get_object_or_404(ConsultationPlan, pk=pk)
    return file_response(plan.approval_document)


@staff_only
@require_http_methods(["GET", "POST"])
def plan_item_edit(request, plan_pk, pk=None):
    plan = get_object_or_404(ConsultationPlan, pk=plan_pk)
    item = get_object_or_404(PlanItem, pk=pk, plan=plan) if pk else None
    initial = {}
    if item:
        initial = {
            "topic": item.topic,
            "form": item.form,
            "planned_month": item.planned_month,
            "lead_leader": item.lead_leader,
            "committee": item.committee,
            "responsible_units": item.responsible_units.all(),
            "participating_units": item.participating_units.all(),
            "other_departments": item.other_departments,
        }
    form = forms.PlanItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_plan_item(actor=request.user, plan=plan, item=item, **form.cleaned_data)
        except ValidationError as exc:
            _bind_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("consultations:plan_detail", plan.pk)
    return _form_page(
        request,
        form,
        title=_("Plan item"),
        back=reverse("consultations:plan_detail", args=[plan.pk]),
    )


@staff_only
@require_POST
def plan_item_schedule(request, pk):
    item = get_object_or_404(PlanItem, pk=pk)
    form = forms.ScheduleForm(request.POST)
    if form.is_valid():
        ok, c = _run(
            request,
            lambda: services.schedule_plan_item(actor=request.user, item=item, **form.cleaned_data),
            _("The consultation has been scheduled."),
        )
        if ok:
            return redirect("consultations:detail", c.pk)
    else:
        messages.error(request, _("Give the date."))
    return redirect("consultations:plan_detail", item.plan_id)


# --- meetings -----------------------------------------------------------------------------


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
    manage = can_manage(request.user)
    return render(
        request,
        "consultations/meeting_detail.html",
        {
            "meeting": meeting,
            "form": form,
            "page": page,
            "counts": selectors.attendance_counts(meeting),
            "statuses": Attendance.Status,
            "can_manage": manage,
            "invite_form": forms.InviteForm() if manage else None,
            "speeches": Speech.objects.filter(meeting=meeting).select_related("member"),
            "now": timezone.now(),
        },
    )


@readers_only
def meeting_export(request, pk):
    meeting = _get(selectors.meetings_visible_to(request.user), pk=pk)
    headers, rows = exports.attendance_rows(selectors.meeting_attendances(meeting))
    return xlsx_response(f"{meeting.title}.xlsx", headers, rows, title=_("Attendance"))


@staff_only
@require_POST
def meeting_invite(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    form = forms.InviteForm(request.POST)
    if form.is_valid():
        ok, n = _run(
            request,
            lambda: services.invite_members(
                actor=request.user, meeting=meeting, members=form.members()
            ),
            None,
        )
        if ok:
            messages.success(request, _("%(n)d members invited.") % {"n": n})
    else:
        for errs in form.errors.values():
            for e in errs:
                messages.error(request, e)
    return redirect("consultations:meeting_detail", pk)


@staff_only
@require_POST
def meeting_sign_in(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    is_open = request.POST.get("open") == "1"
    _run(
        request,
        lambda: services.set_sign_in(actor=request.user, meeting=meeting, open=is_open),
        _("Sign-in opened.") if is_open else _("Sign-in closed."),
    )
    return redirect("consultations:meeting_detail", pk)


@staff_only
@require_POST
def meeting_close(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    ok, n = _run(
        request, lambda: services.close_attendance(actor=request.user, meeting=meeting), None
    )
    if ok:
        messages.success(request, _("Roll closed; %(n)d marked absent.") % {"n": n})
    return redirect("consultations:meeting_detail", pk)


@staff_only
@require_POST
def attendance_mark(request, pk):
    attendance = get_object_or_404(Attendance, pk=pk)
    attended = request.POST.get("attended") == "1"
    _run(
        request,
        lambda: services.mark_attendance(
            actor=request.user, attendance=attendance, attended=attended
        ),
        None,
    )
    return _back_to(request, reverse("consultations:meeting_detail", args=[attendance.meeting_id]))


@staff_only
@require_POST
def attendance_leave(request, pk):
    attendance = get_object_or_404(Attendance, pk=pk)
    approve = request.POST.get("approve") == "1"
    form = forms.RefuseLeaveForm(request.POST)
    if form.is_valid():
        _run(
            request,
            lambda: services.decide_leave(
                actor=request.user,
                attendance=attendance,
                approve=approve,
                reason=form.cleaned_data["reason"],
            ),
            _("Leave approved.") if approve else _("Leave refused."),
        )
    else:
        _form_errors_as_messages(request, form)
    return _back_to(request, reverse("consultations:meeting_detail", args=[attendance.meeting_id]))


@readers_only
def leave_requests(request):
    page = paginate(request, selectors.pending_leave_requests(request.user))
    return render(
        request,
        "consultations/leave_requests.html",
        {"page": page, "can_manage": can_manage(request.user)},
    )


@staff_only
@require_POST
def speech_mark(request, pk):
    speech = get_object_or_404(Speech, pk=pk)
    delivered = request.POST.get("delivered") == "1"
    _run(
        request,
        lambda: services.mark_speech_delivered(
            actor=request.user, speech=speech, delivered=delivered
        ),
        _("Saved."),
    )
    return _back_to(request, reverse("consultations:meeting_detail", args=[speech.meeting_id]))


# --- member pages -------------------------------------------------------------------------


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
            "sign_in_form": forms.SignInForm(),
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
    _run(
        request,
        lambda: services.confirm_attendance(actor=request.user, attendance=attendance),
        _("You have confirmed your attendance."),
    )
    return redirect("consultations:my_meeting", pk)


@members_only
@require_POST
def my_leave(request, pk):
    attendance = _my_attendance_or_404(request, pk)
    form = forms.LeaveForm(request.POST)
    if form.is_valid():
        _run(
            request,
            lambda: services.request_leave(
                actor=request.user, attendance=attendance, reason=form.cleaned_data["reason"]
            ),
            _("Your leave request has been sent."),
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
        _run(
            request,
            lambda: services.sign_in_with_code(
                actor=request.user, meeting=attendance.meeting, code=form.cleaned_data["code"]
            ),
            _("You are signed in."),
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
        _run(
            request,
            lambda: services.submit_speech(
                actor=request.user, meeting=attendance.meeting, **form.cleaned_data
            ),
            _("Your speech has been submitted."),
        )
    else:
        messages.error(request, _("Give the speech's title and text."))
    return redirect("consultations:my_meeting", pk)


# --- supervision --------------------------------------------------------------------------


@login_required
def supervision(request):
    if not selectors.can_see_supervision(request.user):
        raise PermissionDenied
    items = selectors.supervision_items_visible_to(request.user).prefetch_related("supervisors")
    return render(
        request,
        "consultations/supervision.html",
        {
            "plans": selectors.supervision_plans_visible_to(request.user),
            "items": items if not can_read_all(request.user) else None,
            "rectifications": selectors.rectifications_visible_to(request.user)
            if not can_read_all(request.user)
            else None,
            "inspections": selectors.inspections_visible_to(request.user)
            if not can_read_all(request.user)
            else None,
            "can_manage": can_manage(request.user),
            "readers": can_read_all(request.user),
        },
    )


@staff_only
@require_http_methods(["GET", "POST"])
def supervision_plan_edit(request, pk=None):
    plan = get_object_or_404(SupervisionPlan, pk=pk) if pk else None
    initial = (
        {"year": plan.year, "title": plan.title, "approved_on": plan.approved_on}
        if plan
        else {"year": timezone.localdate().year}
    )
    form = forms.SupervisionPlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.save_supervision_plan(
                actor=request.user, plan=plan, **form.cleaned_data
            )
        except ValidationError as exc:
            _bind_errors(form, exc)
        else:
            return redirect("consultations:supervision_plan", plan.pk)
    return _form_page(
        request, form, title=_("Supervision plan"), back=reverse("consultations:supervision")
    )


@readers_only
def supervision_plan_detail(request, pk):
    plan = get_object_or_404(SupervisionPlan, pk=pk)
    items = (
        selectors.supervision_items_visible_to(request.user)
        .filter(plan=plan)
        .prefetch_related("supervisors")
    )
    return render(
        request,
        "consultations/supervision_plan.html",
        {"plan": plan, "items": items, "can_manage": can_manage(request.user)},
    )


@readers_only
def supervision_plan_export(request, pk):
    plan = get_object_or_404(SupervisionPlan, pk=pk)
    items = plan.items.select_related("target_unit", "committee").prefetch_related("supervisors")
    headers, rows = exports.supervision_rows(items)
    return xlsx_response(f"{plan.title}.xlsx", headers, rows, title=str(plan.year))


@staff_only
@require_http_methods(["GET", "POST"])
def supervision_item_create(request, plan_pk):
    plan = get_object_or_404(SupervisionPlan, pk=plan_pk)
    form = forms.SupervisionItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_supervision_item(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            _bind_errors(form, exc)
        else:
            return redirect("consultations:supervision_plan", plan.pk)
    return _form_page(
        request,
        form,
        title=_("Supervision item"),
        back=reverse("consultations:supervision_plan", args=[plan.pk]),
    )


@readers_only
def inspection_list(request):
    form = forms.InspectionFilterForm(request.GET or None)
    page = paginate(request, selectors.inspection_list(request.user, **form.filters()))
    return render(
        request,
        "consultations/inspection_list.html",
        {"form": form, "page": page, "can_manage": can_manage(request.user)},
    )


@staff_only
@require_http_methods(["GET", "POST"])
def inspection_create(request):
    form = forms.InspectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["participants"] = data.pop("participant_numbers")
        try:
            inspection = services.create_inspection(actor=request.user, **data)
        except ValidationError as exc:
            _bind_errors(form, exc)
        else:
            return redirect("consultations:inspection_detail", inspection.pk)
    return _form_page(
        request, form, title=_("New inspection"), back=reverse("consultations:inspections")
    )


@login_required
def inspection_detail(request, pk):
    if not (can_read_all(request.user) or is_member(request.user)):
        raise PermissionDenied
    inspection = _get(
        selectors.inspections_visible_to(request.user).prefetch_related(
            "participants", "supervisors"
        ),
        pk=pk,
    )
    manage = can_manage(request.user)
    return render(
        request,
        "consultations/inspection_detail.html",
        {
            "inspection": inspection,
            "items": inspection.rectifications.select_related("responsible_unit"),
            "can_manage": manage,
            "finding_form": forms.FindingForm() if manage else None,
            "participants_form": forms.ParticipantsForm(
                initial={
                    "participant_numbers": " ".join(m.number for m in inspection.participants.all())
                }
            )
            if manage
            else None,
        },
    )


@staff_only
@require_POST
def inspection_participants(request, pk):
    inspection = get_object_or_404(Inspection, pk=pk)
    form = forms.ParticipantsForm(request.POST)
    if form.is_valid():
        _run(
            request,
            lambda: services.set_inspection_participants(
                actor=request.user,
                inspection=inspection,
                members=form.cleaned_data["participant_numbers"],
            ),
            _("Saved."),
        )
    else:
        for errs in form.errors.values():
            for e in errs:
                messages.error(request, e)
    return redirect("consultations:inspection_detail", pk)


@staff_only
@require_POST
def finding_add(request, pk):
    inspection = get_object_or_404(Inspection, pk=pk)
    form = forms.FindingForm(request.POST)
    if form.is_valid():
        _run(
            request,
            lambda: services.add_finding(
                actor=request.user, inspection=inspection, **form.cleaned_data
            ),
            _("The finding has been recorded as a rectification item."),
        )
    else:
        for errs in form.errors.values():
            for e in errs:
                messages.error(request, e)
    return redirect("consultations:inspection_detail", pk)


@login_required
def rectification_list(request):
    if not selectors.can_see_supervision(request.user):
        raise PermissionDenied
    form = forms.RectificationFilterForm(request.GET or None)
    page = paginate(request, selectors.rectification_list(request.user, **form.filters()))
    return render(
        request,
        "consultations/rectification_list.html",
        {"form": form, "page": page},
    )


@readers_only
def rectification_export(request):
    form = forms.RectificationFilterForm(request.GET or None)
    headers, rows = exports.rectification_rows(
        selectors.rectification_list(request.user, **form.filters())
    )
    name = _("rectification") + timezone.localdate().strftime("-%Y%m%d") + ".xlsx"
    return xlsx_response(name, headers, rows, title=_("Rectification"))


def _visible_rectification(request, pk):
    if not selectors.can_see_supervision(request.user):
        raise PermissionDenied
    return _get(selectors.rectifications_visible_to(request.user), pk=pk)


def _render_rectification(request, item, bound=None, status=200):
    return render(
        request,
        "consultations/rectification_detail.html",
        {
            "item": item,
            "meta": item.meta,
            "can_manage": can_manage(request.user),
            "action_entries": RECTIFICATION_ACTIONS.page_entries(
                request, item, "consultations:rectification_step", bound=bound
            ),
        },
        status=status,
    )


@login_required
def rectification_detail(request, pk):
    return _render_rectification(request, _visible_rectification(request, pk))


@staff_only
def rectification_step(request, pk, step):
    """Every step on a rectification item (consultations.actions), through the kernel's one
    action view."""
    return run_action(
        request,
        _visible_rectification(request, pk),
        RECTIFICATION_ACTIONS,
        step,
        render_page=_render_rectification,
        reload=lambda old: _visible_rectification(request, pk),
    )


# --- research -------------------------------------------------------------------------------


@login_required
def research_list(request):
    if not (can_read_all(request.user) or is_member(request.user)):
        raise PermissionDenied
    form = forms.ResearchFilterForm(request.GET or None)
    page = paginate(request, selectors.research_project_list(request.user, **form.filters()))
    return render(
        request,
        "consultations/research_list.html",
        {"form": form, "page": page, "can_manage": can_manage(request.user)},
    )


@readers_only
def research_export(request):
    form = forms.ResearchFilterForm(request.GET or None)
    qs = selectors.research_project_list(request.user, **form.filters()).prefetch_related("members")
    headers, rows = exports.research_rows(qs)
    name = _("research") + timezone.localdate().strftime("-%Y%m%d") + ".xlsx"
    return xlsx_response(name, headers, rows, title=_("Research"))


@staff_only
@require_http_methods(["GET", "POST"])
def research_create(request):
    form = forms.ResearchProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["members"] = data.pop("participant_numbers")
        try:
            project = services.save_research_project(actor=request.user, **data)
        except ValidationError as exc:
            _bind_errors(form, exc)
        else:
            return redirect("consultations:research_detail", project.pk)
    return _form_page(
        request, form, title=_("New research project"), back=reverse("consultations:research")
    )


@login_required
def research_detail(request, pk):
    if not (can_read_all(request.user) or is_member(request.user)):
        raise PermissionDenied
    project = _get(
        selectors.research_projects_visible_to(request.user).prefetch_related("members"), pk=pk
    )
    reports = selectors.research_reports_visible_to(request.user).filter(project=project)
    return render(
        request,
        "consultations/research_detail.html",
        {"project": project, "reports": reports, "can_manage": can_manage(request.user)},
    )


@login_required
def report_list(request):
    if not (can_read_all(request.user) or is_member(request.user)):
        raise PermissionDenied
    form = forms.ResearchFilterForm(request.GET or None)
    page = paginate(request, selectors.research_report_list(request.user, **form.filters()))
    return render(request, "consultations/report_list.html", {"form": form, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request):
    staff = can_manage(request.user)
    if not staff and not (is_member(request.user) and member_for(request.user)):
        raise PermissionDenied
    projects = selectors.research_projects_visible_to(request.user)
    form = forms.ResearchReportForm(
        request.POST or None, request.FILES or None, projects=projects, staff=staff
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if staff:
            data["author_member"] = data.pop("author_number")
        try:
            report = services.submit_research_report(actor=request.user, **data)
        except ValidationError as exc:
            _bind_errors(form, exc)
        else:
            messages.success(request, _("The research report has been submitted."))
            return redirect("consultations:report_detail", report.pk)
    return _form_page(
        request,
        form,
        title=_("Submit a research report"),
        back=reverse("consultations:reports"),
        multipart=True,
    )


@login_required
def report_detail(request, pk):
    if not (can_read_all(request.user) or is_member(request.user)):
        raise PermissionDenied
    report = _get(selectors.research_reports_visible_to(request.user), pk=pk)
    return render(request, "consultations/report_detail.html", {"report": report})


@login_required
def report_download(request, pk):
    report = _get(selectors.research_reports_visible_to(request.user), pk=pk)
    return file_response(report.file)
