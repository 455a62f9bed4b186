"""The yearly consultation plans and their items."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cppcc_portal.core.exports import xlsx_response
from cppcc_portal.core.files import file_response

from .. import exports, forms, selectors, services
from ..models import (
    ConsultationPlan,
    PlanItem,
)
from ..rules import can_manage
from ._common import (
    _bind_errors,
    _form_page,
    call_service,
    readers_only,
    staff_only,
)


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
        ok, c = call_service(
            request,
            services.schedule_plan_item,
            _("The consultation has been scheduled."),
            actor=request.user,
            item=item,
            **form.cleaned_data,
        )
        if ok:
            return redirect("consultations:detail", c.pk)
    else:
        messages.error(request, _("Give the date."))
    return redirect("consultations:plan_detail", item.plan_id)
