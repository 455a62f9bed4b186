"""Thin views: check permission, parse the form, call one service or selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cppcc_portal.core.documents import document_response
from cppcc_portal.core.exports import XLSX_TYPE, attachment_response
from cppcc_portal.core.files import file_response
from cppcc_portal.core.pagination import paginate
from cppcc_portal.core.workflow.views import errors_onto, run_action

from . import exports, rules, selectors, services, workflow
from .actions import ACTIONS
from .diff import compare
from .forms import EditForm, MergeForm, ReportFilterForm, ReportForm
from .models import Report


def _require_access(user):
    if not selectors.can_use_reports(user):
        raise PermissionDenied


def _require_staff(user):
    if not selectors.can_manage(user):
        raise PermissionDenied


def _require_reader(user):
    if not selectors.can_read_all(user):
        raise PermissionDenied


def _get(user, pk) -> Report:
    try:
        return selectors.report_detail(user, pk)
    except Report.DoesNotExist:
        raise Http404


def _id(value) -> int | None:
    """A positive whole number from the query or the form (an id, a year), else None."""
    try:
        n = int(value)
    except (TypeError, ValueError):
        return None
    return n if 0 < n < 2**63 else None


def _errors(request, exc: ValidationError):
    for message in exc.messages:
        messages.error(request, message)


# --- lists -------------------------------------------------------------------------------


@login_required
def report_list(request):
    """Staff and leaders: every report with filters; members: their own."""
    _require_access(request.user)
    staff_view = selectors.can_read_all(request.user)
    form = ReportFilterForm(
        request.GET or None, years=selectors.years(request.user), staff=staff_view
    )
    qs = selectors.report_list(request.user, mine=not staff_view, **form.filters())
    page = paginate(request, qs)
    return render(
        request,
        "opinions/report_list.html",
        {
            "form": form,
            "page": page,
            "staff_view": staff_view,
            "can_write": selectors.can_write(request.user),
            "summary": selectors.member_summary(request.user) if not staff_view else None,
        },
    )


@login_required
def desk(request):
    """The editing desk: submitted reports waiting for information staff, oldest first."""
    _require_staff(request.user)
    page = paginate(request, selectors.editing_queue(request.user), per_page=50)
    return render(request, "opinions/desk.html", {"page": page})


# --- member: write, drafts, submit ----------------------------------------------------------


def _save_from_form(request, form, report):
    data = form.cleaned_data
    report = services.save_draft(
        actor=request.user,
        report=report,
        title=data["title"],
        problem=data["problem"],
        suggestion=data["suggestion"],
        submitter_kind=data["submitter_kind"],
        organisation=data["organisation"],
        committee=data["committee"],
        sector=data["sector"],
        version=data.get("version") if report else None,
    )
    for upload in data["attachments"]:
        services.add_attachment(actor=request.user, report=report, file=upload)
    if "submit" in request.POST:
        report = services.submit_report(actor=request.user, report=report)
    return report


@login_required
@require_http_methods(["GET", "POST"])
def report_form(request, pk=None):
    """Write a new report or change a draft; "save" keeps a draft, "submit" sends it."""
    if not selectors.can_write(request.user):
        raise PermissionDenied
    report = None
    if pk is not None:
        report = _get(request.user, pk)
        if not rules.is_author(request.user, report):
            raise Http404
        if not workflow.meta(report).author_edits:
            messages.info(request, _("A submitted report can no longer be changed."))
            return redirect("opinions:detail", report.pk)
    initial = {}
    if report:
        initial = {
            f: getattr(report, f)
            for f in ("submitter_kind", "organisation", "committee", "sector", "title")
        } | {"problem": report.problem, "suggestion": report.suggestion, "version": report.version}
    form = ReportForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                report = _save_from_form(request, form, report)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            if workflow.meta(report).author_edits:
                messages.success(request, _("Your draft was saved."))
            else:
                messages.success(request, _("Your report was submitted."))
            return redirect("opinions:detail", report.pk)
    return render(request, "opinions/report_form.html", {"form": form, "report": report})


@login_required
@require_POST
def report_delete(request, pk):
    _require_access(request.user)
    report = _get(request.user, pk)
    try:
        services.delete_draft(actor=request.user, report=report)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("opinions:detail", report.pk)
    messages.success(request, _("The draft was deleted."))
    return redirect("opinions:list")


@login_required
def attachment(request, pk, attachment_id):
    _require_access(request.user)
    report = _get(request.user, pk)
    item = get_object_or_404(report.attachments, pk=attachment_id)
    return file_response(item.file, filename=item.name)


@login_required
@require_POST
def attachment_delete(request, pk, attachment_id):
    _require_access(request.user)
    report = _get(request.user, pk)
    item = get_object_or_404(report.attachments, pk=attachment_id)
    try:
        services.remove_attachment(actor=request.user, attachment=item)
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("opinions:edit", report.pk)


# --- detail and its actions -----------------------------------------------------------------


def _detail_context(request, report, bound=None):
    user = request.user
    reader = selectors.can_read_all(user)
    meta = workflow.meta(report)
    # the author reads what they sent while staff edit it; their draft, or the published text
    working = reader or not meta.author_sees_original
    acts = ACTIONS.available(user, report)
    action_forms = ACTIONS.forms_for(request, report, acts, bound=bound)
    return {
        "shown": {
            "title": report.title if working else report.original_title,
            "problem": report.problem if working else report.original_problem,
            "suggestion": report.suggestion if working else report.original_suggestion,
        },
        "report": report,
        "meta": meta,
        "reader": reader,
        "may_edit_draft": rules.may_edit_draft(user, report),
        "may_review": rules.may_staff_edit(user, report),
        "events": [e for e in report.events.all() if reader or not e.staff_only],
        "comparison": compare(report) if report.was_edited and (reader or meta.terminal) else None,
        "acts": acts,
        "action_entries": ACTIONS.entries(request, report, acts, action_forms, "opinions:act"),
    }


def _render_detail(request, report, bound=None, status=200):
    context = _detail_context(request, report, bound=bound)
    return render(request, "opinions/report_detail.html", context, status=status)


@login_required
def report_detail(request, pk):
    _require_access(request.user)
    return _render_detail(request, _get(request.user, pk))


@login_required
def act(request, pk, action):
    """Every action on a report (opinions.actions), through the kernel's action view."""
    if action not in ACTIONS:
        raise Http404
    _require_access(request.user)
    report = _get(request.user, pk)
    return run_action(
        request,
        report,
        ACTIONS,
        action,
        render_page=_render_detail,
        reload=lambda old: _get(request.user, pk),
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_review(request, pk):
    """Staff edit (核稿) with the member's original beside the edit."""
    _require_staff(request.user)
    report = _get(request.user, pk)
    if not workflow.meta(report).staff_edits:
        messages.info(request, _("This report can no longer be edited."))
        return redirect("opinions:detail", report.pk)
    form = EditForm(
        request.POST or None,
        initial={
            "title": report.title,
            "problem": report.problem,
            "suggestion": report.suggestion,
            "version": report.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = services.edit_report(actor=request.user, report=report, **form.cleaned_data)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("The edit was saved; the original is kept."))
            return redirect("opinions:detail", report.pk)
    return render(
        request,
        "opinions/report_review.html",
        {"report": report, "form": form, "comparison": compare(report)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def merge(request):
    """Combine the reports ticked on the desk into one combined report (综合)."""
    _require_staff(request.user)
    ids = [i for i in map(_id, request.POST.getlist("ids") or request.GET.getlist("ids")) if i]
    reports = list(selectors.editing_queue(request.user).filter(pk__in=ids).select_related(None))
    if len(reports) < 2:
        messages.error(request, _("Choose at least two reports to combine."))
        return redirect("opinions:desk")
    initial = {
        "title": reports[0].title,
        "problem": "\n".join(r.problem for r in reports),
        "suggestion": "\n".join(r.suggestion for r in reports if r.suggestion),
    }
    form = MergeForm(request.POST if "title" in request.POST else None, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            combined = services.merge_reports(
                actor=request.user, reports=reports, **form.cleaned_data
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("The reports were combined."))
            return redirect("opinions:detail", combined.pk)
    return render(request, "opinions/merge.html", {"form": form, "reports": reports})


# --- bulletin ------------------------------------------------------------------------------


@login_required
def issue_list(request):
    _require_reader(request.user)
    year = request.GET.get("year")
    qs = selectors.issues_visible_to(request.user)
    years = sorted(set(qs.values_list("year", flat=True)), reverse=True)
    year = _id(year) or (years[0] if years else None)
    page = paginate(request, qs.filter(year=year) if year else qs, per_page=50)
    return render(request, "opinions/issue_list.html", {"page": page, "years": years, "year": year})


def _issue(request, pk):
    _require_reader(request.user)
    return get_object_or_404(selectors.issues_visible_to(request.user), pk=pk)


@login_required
def issue_detail(request, pk):
    issue = _issue(request, pk)
    return render(
        request,
        "opinions/issue_detail.html",
        {"issue": issue, "reports": selectors.issue_reports(issue)},
    )


@login_required
def issue_docx(request, pk):
    return issue_document(request, pk, "docx")


@login_required
def issue_document(request, pk, fmt):
    """The issue in the official layout (Word or PDF), audited like every download."""
    from .documents import bulletin

    if fmt not in ("docx", "pdf"):
        raise Http404
    issue = _issue(request, pk)
    reports = selectors.issue_reports(issue).prefetch_related("forwardings__recipient")
    return document_response(request, bulletin(issue, reports), fmt, target=issue)


@login_required
def year_xlsx(request, year):
    _require_reader(request.user)
    content = exports.year_xlsx(year, selectors.year_reports(year))
    return attachment_response(content, f"社情民意{year}年录用目录.xlsx", XLSX_TYPE)
