"""Staff pages of the import: the sheets, a template, an upload (→ preview), the preview
with its confirm, the progress of a large file, the report."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from ..exports import XLSX_TYPE, attachment_response
from ..forms import PortalForm, ValidatedFileField
from ..models import ImportJob
from . import registry, report, service

PREVIEW_ROWS = 300


class UploadForm(PortalForm):
    file = ValidatedFileField(
        label=gettext_lazy("Excel file (.xlsx)"), allowed={"xlsx"}, max_bytes=20 * 1024 * 1024
    )


class ConfirmForm(PortalForm):
    mode = forms.ChoiceField(
        label=gettext_lazy("What to write"),
        choices=ImportJob.Mode.choices,
        initial=ImportJob.Mode.ALL,
        widget=forms.RadioSelect,
    )


def _spec_for(request, slug):
    spec = registry.sheet(slug)
    if not spec.may_import(request.user):
        raise PermissionDenied
    return spec


def _job_for(request, pk):
    job = get_object_or_404(ImportJob, pk=pk)
    spec = registry.sheets().get(job.sheet)
    if spec is None or not spec.may_import(request.user):
        raise PermissionDenied
    if job.created_by_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    return job, spec


@login_required
def index(request):
    specs = [s for s in registry.sheets().values() if s.may_import(request.user)]
    if not specs:
        raise PermissionDenied
    jobs = ImportJob.objects.filter(
        created_by=request.user, sheet__in=[s.slug for s in specs]
    ).only(
        "pk", "sheet", "commit", "mode", "file_name", "state", "counts", "written", "created_at"
    )[:20]
    titles = {s.slug: s.title for s in specs}
    for job in jobs:
        job.sheet_title = titles.get(job.sheet, job.sheet)
    return render(request, "core/imports/index.html", {"specs": specs, "jobs": jobs})


@login_required
def template(request, sheet):
    spec = _spec_for(request, sheet)
    name = _("%(sheet)s import template") % {"sheet": spec.title} + ".xlsx"
    return attachment_response(report.template_bytes(spec), name, XLSX_TYPE, request=request)


@login_required
def export(request, sheet):
    """The records in the sheet's own shape (a session's proposals with ?session=<id>)."""
    spec = _spec_for(request, sheet)
    filters = {k: v for k, v in request.GET.items() if k in getattr(spec, "export_filters", ())}
    content = report.export_bytes(spec, **filters)
    return attachment_response(content, f"{spec.title}.xlsx", XLSX_TYPE, request=request)


@login_required
@require_http_methods(["GET", "POST"])
def upload(request, sheet):
    spec = _spec_for(request, sheet)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = service.start(actor=request.user, sheet=spec.slug, upload=form.cleaned_data["file"])
        return redirect("imports:job", job.pk)
    return render(request, "core/imports/upload.html", {"spec": spec, "form": form})


def _context(job, spec):
    rows = job.rows or []
    refused = [r for r in rows if r["outcome"] == "refuse"]
    shown = (
        refused[:PREVIEW_ROWS]
        + [r for r in rows if r["outcome"] != "refuse"][: max(0, PREVIEW_ROWS - len(refused))]
    )
    shown.sort(key=lambda r: r["row"])
    for r in shown:
        r["outcome_label"] = report.outcome_label(r["outcome"])
    return {
        "job": job,
        "spec": spec,
        "rows": shown,
        "more": len(rows) - len(shown),
        "progress": service.progress(job),
        "form": ConfirmForm(),
        "may_write_all": not job.errors and not job.counts.get("refuse"),
        "may_write_good": not job.errors
        and (job.counts.get("create", 0) + job.counts.get("update", 0)) > 0,
    }


@login_required
def job(request, pk):
    job, spec = _job_for(request, pk)
    return render(request, "core/imports/job.html", _context(job, spec))


@login_required
def progress(request, pk):
    job, spec = _job_for(request, pk)
    if not job.in_progress:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "core/imports/_progress.html", _context(job, spec))


@login_required
@require_POST
def confirm(request, pk):
    preview, spec = _job_for(request, pk)
    form = ConfirmForm(request.POST)
    if preview.commit or preview.in_progress or preview.errors or not form.is_valid():
        return redirect("imports:job", preview.pk)
    mode = form.cleaned_data["mode"]
    if mode == ImportJob.Mode.ALL and preview.counts.get("refuse"):
        return redirect("imports:job", preview.pk)
    job = service.start(
        actor=request.user, sheet=spec.slug, commit=True, mode=mode, preview=preview
    )
    return redirect("imports:job", job.pk)


@login_required
def download_report(request, pk):
    job, spec = _job_for(request, pk)
    name = _("import report") + f"-{job.pk}.xlsx"
    return attachment_response(report.report_bytes(job), name, XLSX_TYPE, request=request)
