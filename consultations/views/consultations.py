"""The consultations: the entry, the list, a new unplanned one, its page and its steps (the
kernel's one action view over consultations.actions), materials, files and its meetings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cppcc_portal.core.exports import xlsx_response
from cppcc_portal.core.files import file_response
from cppcc_portal.core.pagination import paginate
from cppcc_portal.core.workflow import read_only

from .. import exports, forms, selectors, services
from ..actions import CONSULTATION_ACTIONS
from ..models import (
    Consultation,
    Material,
    Meeting,
)
from ..rules import can_manage, can_read_all, is_member
from ._common import (
    _bind_errors,
    _form_errors_as_messages,
    _form_page,
    _get,
    call_service,
    readers_only,
    run_step,
    staff_only,
)


@login_required
def index(request):
    if can_read_all(request.user):
        return redirect("consultations:list")
    if is_member(request.user):
        return redirect("consultations:my_meetings")
    raise PermissionDenied


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
    # a closed term's consultation offers no forms either (its actions are not offered)
    manage = can_manage(request.user) and not read_only(consultation, fresh=False)
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
    return run_step(
        request,
        pk,
        step,
        CONSULTATION_ACTIONS,
        load=_visible_consultation,
        page=_render_consultation,
    )


@staff_only
@require_POST
def material_add(request, pk):
    consultation = _get(Consultation.objects.all(), pk=pk)
    form = forms.MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        call_service(
            request,
            services.add_material,
            _("The material has been added."),
            actor=request.user,
            consultation=consultation,
            **form.cleaned_data,
        )
    else:
        _form_errors_as_messages(request, form)
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
        ok, meeting = call_service(
            request,
            services.create_meeting,
            _("The meeting has been added."),
            actor=request.user,
            kind=Meeting.Kind.CONSULTATION,
            title=data["title"],
            starts_at=data["starts_at"],
            venue=data["venue"],
            consultation=consultation,
        )
        if ok:
            return redirect("consultations:meeting_detail", meeting.pk)
    return redirect("consultations:detail", pk)
