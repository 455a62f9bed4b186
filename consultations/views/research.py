"""Research projects and research reports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cppcc_portal.core.exports import xlsx_response
from cppcc_portal.core.files import file_response
from cppcc_portal.core.pagination import paginate
from members.selectors import member_for

from .. import exports, forms, selectors, services
from ..rules import can_manage, is_member
from ._common import (
    _bind_errors,
    _form_page,
    _get,
    readers_only,
    readers_or_members,
    staff_only,
)


@readers_or_members
def research_list(request):
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


@readers_or_members
def research_detail(request, pk):
    project = _get(
        selectors.research_projects_visible_to(request.user).prefetch_related("members"), pk=pk
    )
    reports = selectors.research_reports_visible_to(request.user).filter(project=project)
    return render(
        request,
        "consultations/research_detail.html",
        {"project": project, "reports": reports, "can_manage": can_manage(request.user)},
    )


@readers_or_members
def report_list(request):
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


@readers_or_members
def report_detail(request, pk):
    report = _get(selectors.research_reports_visible_to(request.user), pk=pk)
    return render(request, "consultations/report_detail.html", {"report": report})


@login_required
def report_download(request, pk):
    report = _get(selectors.research_reports_visible_to(request.user), pk=pk)
    return file_response(report.file)
