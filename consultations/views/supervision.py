"""Democratic supervision: plans and items, inspections and findings, and rectification
items with their steps (the kernel's one action view over consultations.actions)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cppcc_portal.core.exports import xlsx_response
from cppcc_portal.core.pagination import paginate

from .. import exports, forms, selectors, services
from ..actions import RECTIFICATION_ACTIONS
from ..models import (
    Inspection,
    SupervisionPlan,
)
from ..rules import can_manage, can_read_all
from ._common import (
    _bind_errors,
    _form_errors_as_messages,
    _form_page,
    _get,
    call_service,
    readers_only,
    readers_or_members,
    run_step,
    staff_only,
)


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
            messages.success(request, _("The supervision plan has been saved."))
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
            messages.success(request, _("The supervision item has been saved."))
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
            messages.success(
                request,
                _("The inspection “%(title)s” has been saved.") % {"title": inspection.title},
            )
            return redirect("consultations:inspection_detail", inspection.pk)
    return _form_page(
        request, form, title=_("New inspection"), back=reverse("consultations:inspections")
    )


@readers_or_members
def inspection_detail(request, pk):
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
            # only the items the user may open (the department's own, a supervisor's)
            "items": selectors.rectifications_visible_to(request.user).filter(
                inspection=inspection
            ),
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
        call_service(
            request,
            services.set_inspection_participants,
            _("Saved."),
            actor=request.user,
            inspection=inspection,
            members=form.cleaned_data["participant_numbers"],
        )
    else:
        _form_errors_as_messages(request, form)
    return redirect("consultations:inspection_detail", pk)


@staff_only
@require_POST
def finding_add(request, pk):
    inspection = get_object_or_404(Inspection, pk=pk)
    form = forms.FindingForm(request.POST)
    if form.is_valid():
        call_service(
            request,
            services.add_finding,
            _("The finding has been recorded as a rectification item."),
            actor=request.user,
            inspection=inspection,
            **form.cleaned_data,
        )
    else:
        _form_errors_as_messages(request, form)
    return redirect("consultations:inspection_detail", pk)


@login_required
def rectification_list(request):
    if not selectors.can_see_rectifications(request.user):
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
    if not selectors.can_see_rectifications(request.user):
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
            "inspection_opens": selectors.can_open_inspection(request.user, item.inspection_id),
            "action_entries": RECTIFICATION_ACTIONS.page_entries(
                request, item, "consultations:rectification_step", bound=bound
            ),
        },
        status=status,
    )


@login_required
def rectification_detail(request, pk):
    return _render_rectification(request, _visible_rectification(request, pk))


@login_required
def rectification_step(request, pk, step):
    """Every step on a rectification item (consultations.actions), through the kernel's one
    action view: staff's, and the responsible department's start and report (each action
    says who may take it)."""
    if not (can_manage(request.user) or selectors.sees_own_rectifications(request.user)):
        raise PermissionDenied
    return run_step(
        request,
        pk,
        step,
        RECTIFICATION_ACTIONS,
        load=_visible_rectification,
        page=_render_rectification,
    )
