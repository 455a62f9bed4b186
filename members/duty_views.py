"""Duty pages: the member's own page, staff and leader views, archives, the points recompute."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cppcc_portal.accounts.roles import Role, has_role
from cppcc_portal.core.exports import attachment_response, xlsx_response
from cppcc_portal.core.files import file_response
from cppcc_portal.core.pagination import paginate
from cppcc_portal.core.redirects import redirect_back
from cppcc_portal.core.stamps import cached

from . import selectors, services
from .forms import (
    ArchiveJobForm,
    ManualDutyForm,
    NominationForm,
    RankingFilterForm,
    SelfReportForm,
    VoidForm,
    YearForm,
)
from .models import (
    ArchiveJob,
    DutyRecord,
    Member,
    Nomination,
    PointRule,
    PointsRecompute,
    SelfReport,
    Term,
)
from .points import Bands, active_minimums, completion_by_groups

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _this_year():
    return timezone.localdate().year


def _year(request):
    form = YearForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["year"]:
        return form.cleaned_data["year"]
    return _this_year()


def _require_viewer(user):
    if not selectors.can_view_all_duty(user):
        raise PermissionDenied


def _require_staff(user):
    if not selectors.can_manage_duty(user):
        raise PermissionDenied


def _error_messages(request, exc: ValidationError):
    for message in exc.messages:
        messages.error(request, message)


def _duty_context(request, member, year):
    summary = selectors.member_duty_summary(member, year)
    page = selectors.duty_records_page(request, member, year=year)
    return {
        "member": member,
        "summary": summary,
        "page": page,
        "records": page.object_list,
        "years": YearForm(initial={"year": year}),
        "terms": Term.objects.all(),
        "can_manage": selectors.can_manage_duty(request.user),
    }


@login_required
def my_duty(request):
    """我的履职: this year's points and band, the five ones, every record, what is pending."""
    member = selectors.member_for(request.user)
    if member is None or not has_role(request.user, Role.MEMBER):
        if selectors.can_view_all_duty(request.user):
            return redirect("members:duty_ranking")
        raise PermissionDenied
    year = _year(request)
    context = _duty_context(request, member, year)
    pending = selectors.pending_for_member(request.user, member, year)
    report = pending["report"]
    context.update(
        own=True,
        pending=pending,
        report=report,
        report_form=SelfReportForm(initial={"body": report.body if report else ""}),
        report_editable=year == _this_year()
        and (report is None or report.state == SelfReport.State.DRAFT),
    )
    return render(request, "members/duty/member_duty.html", context)


@login_required
@require_POST
def self_report_save(request):
    form = SelfReportForm(request.POST)
    submit = "submit" in request.POST
    if form.is_valid():
        try:
            services.save_self_report(
                actor=request.user, year=_this_year(), body=form.cleaned_data["body"], submit=submit
            )
        except ValidationError as exc:
            _error_messages(request, exc)
        else:
            messages.success(
                request, _("Self-report submitted.") if submit else _("Self-report saved.")
            )
    else:
        messages.error(request, _("Write your self-report first."))
    return redirect(reverse("members:my_duty") + "#self-report")


@login_required
def member_duty(request, pk):
    """One member's duty page as staff and leaders see it (a member: only their own)."""
    if not (selectors.can_view_all_duty(request.user) or has_role(request.user, Role.MEMBER)):
        raise PermissionDenied
    try:
        member = selectors.duty_member(request.user, pk)
    except Member.DoesNotExist:
        raise Http404
    year = _year(request)
    context = _duty_context(request, member, year)
    context["report"] = SelfReport.objects.filter(member=member, year=year).first()
    context["void_form"] = VoidForm()
    return render(request, "members/duty/member_duty.html", context)


def _archive_for(request, pk):
    if not (selectors.can_view_all_duty(request.user) or has_role(request.user, Role.MEMBER)):
        raise PermissionDenied
    from .archive import build_archive

    try:
        member = selectors.duty_member(request.user, pk)
    except Member.DoesNotExist:
        raise Http404
    if request.GET.get("term"):
        try:  # a hand-edited ?term= is "not found", not a server error
            term = Term.objects.get(pk=int(request.GET["term"]))
        except (ValueError, Term.DoesNotExist):
            raise Http404
        return build_archive(member, term=term)
    return build_archive(member, year=_year(request))


@login_required
def archive_docx(request, pk):
    return _archive_download(request, pk, "docx")


@login_required
def archive_pdf(request, pk):
    return _archive_download(request, pk, "pdf")


def _archive_download(request, pk, fmt):
    """The archive in Word or PDF, after the permission check, the download audited."""
    from cppcc_portal.core.documents import bytes_response

    from .archive import archive_docx, archive_filename, archive_pdf

    archive = _archive_for(request, pk)
    content = (archive_docx if fmt == "docx" else archive_pdf)(archive)
    return bytes_response(request, content, archive_filename(archive, fmt), target=archive.member)


@login_required
@require_http_methods(["GET", "POST"])
def manual_duty(request, pk):
    """Staff add a record by hand (or a deduction) — always with a reason."""
    _require_staff(request.user)
    member = get_object_or_404(Member.objects.select_related("sector"), pk=pk)
    form = ManualDutyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.add_manual_duty(
                actor=request.user,
                member=member,
                kind=d["kind"],
                occurred_on=d["occurred_on"],
                points=d["points"],
                title=d["title"],
                reason=d["reason"],
            )
        except ValidationError as exc:
            _error_messages(request, exc)
        else:
            messages.success(request, _("Duty record added."))
            url = reverse("members:member_duty", args=[member.pk])
            return redirect(f"{url}?year={d['occurred_on'].year}")
    return render(request, "members/duty/manual_form.html", {"member": member, "form": form})


@login_required
@require_POST
def void_record(request, pk):
    _require_staff(request.user)
    record = get_object_or_404(DutyRecord, pk=pk)
    form = VoidForm(request.POST)
    if form.is_valid():
        try:
            services.void_duty_record(
                actor=request.user, record=record, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            _error_messages(request, exc)
        else:
            messages.success(request, _("The record was voided; it stays in the history."))
    else:
        messages.error(request, _("Give the reason for voiding this record."))
    url = reverse("members:member_duty", args=[record.member_id])
    return redirect(f"{url}?year={record.year}")


# --- Staff and leader views ------------------------------------------------------------------


def _ranking_rows(request):
    form = RankingFilterForm(request.GET or None)
    filters = form.filters(_this_year())
    return form, filters, selectors.duty_ranking_list(request.user, **filters)


@login_required
def ranking(request, inactive=False):
    _require_viewer(request.user)
    form, filters, qs = _ranking_rows(request)
    if inactive:
        qs = selectors.duty_ranking(
            request.user, **{**filters, "band": None}, inactive=True
        ).order_by("sector__order", "number")
    page = paginate(request, qs, per_page=50)
    bands = Bands()
    nominated = set(
        Nomination.objects.filter(year=filters["year"], member__in=list(page)).values_list(
            "member_id", flat=True
        )
    )
    for m in page:
        m.band = bands.for_points(m.total)
        m.nominated = m.pk in nominated
    return render(
        request,
        "members/duty/ranking.html",
        {
            "form": form,
            "page": page,
            "year": filters["year"],
            "inactive": inactive,
            "rank_offset": page.start_index() - 1,
            "can_manage": selectors.can_manage_duty(request.user),
        },
    )


@login_required
def inactive_members(request):
    return ranking(request, inactive=True)


@login_required
def ranking_export(request):
    _require_viewer(request.user)
    _form, filters, qs = _ranking_rows(request)
    bands = Bands()
    headers = [
        _("Rank"),
        _("Member number"),
        _("Name"),
        _("Sector"),
        _("Work unit"),
        _("Records"),
        _("Points"),
        _("Evaluation band"),
    ]

    def rows():
        for i, m in enumerate(qs.chunks(500), start=1):
            band = bands.for_points(m.total)
            yield [
                i,
                m.number,
                m.name,
                m.sector.name,
                m.work_unit,
                m.records,
                float(m.total),
                band.name if band else "",
            ]

    name = _("duty ranking") + "-" + _("year %(year)d") % {"year": int(filters["year"])} + ".xlsx"
    return xlsx_response(name, headers, rows(), title=_("Duty ranking"))


@login_required
@require_POST
def nominate(request):
    _require_staff(request.user)
    form = NominationForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.nominate_outstanding(
                actor=request.user, member=d["member"], year=d["year"], reason=d["reason"]
            )
        except ValidationError as exc:
            _error_messages(request, exc)
        else:
            messages.success(
                request, _("%(name)s nominated as an outstanding member.") % {"name": d["member"]}
            )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect_back(request, request.POST.get("next", ""), "members:duty_ranking")


@login_required
def nominations(request):
    _require_viewer(request.user)
    year = _year(request)
    rows = Nomination.objects.filter(year=year).select_related("member__sector", "nominated_by")
    return render(
        request,
        "members/duty/nominations.html",
        {
            "rows": rows,
            "year": year,
            "years": YearForm(initial={"year": year}),
            "can_manage": selectors.can_manage_duty(request.user),
        },
    )


@login_required
@require_POST
def nomination_withdraw(request, pk):
    _require_staff(request.user)
    nomination = get_object_or_404(Nomination, pk=pk)
    services.withdraw_nomination(actor=request.user, nomination=nomination)
    messages.success(request, _("Nomination withdrawn."))
    return redirect(f"{reverse('members:duty_nominations')}?year={nomination.year}")


@login_required
def five_ones(request):
    """Completion of the yearly minimums by sector and by committee, counted in the database
    from the kept totals."""
    _require_viewer(request.user)
    year = _year(request)
    minimums = active_minimums()
    # The same for every reader: cached under the data stamp (never stale), so the year's
    # totals are counted once per change, not once per request.
    (by_group, generated_at), _from_cache = cached(
        f"five-ones:{year}",
        lambda: (completion_by_groups(("sector", "committee"), year, minimums), timezone.now()),
    )
    sectors, committees = by_group["sector"], by_group["committee"]
    if request.GET.get("format") == "xlsx":
        from cppcc_portal.core.exports import XLSX_TYPE, workbook_bytes

        names = [m.name for m in minimums]

        def sheet(title, label, rows, key):
            headers = [label, _("Sitting members"), *names, _("All met")]
            return title, headers, [[r[key], r["total"], *r["met"], r["all_met"]] for r in rows]

        content = workbook_bytes(
            [
                sheet(_("By sector"), _("Sector"), sectors, "name"),
                sheet(_("By special committee"), _("Special committee"), committees, "name"),
            ]
        )
        name = _("yearly minimums") + "-" + _("year %(year)d") % {"year": year} + ".xlsx"
        return attachment_response(content, name, XLSX_TYPE)
    return render(
        request,
        "members/duty/five_ones.html",
        {
            "year": year,
            "years": YearForm(initial={"year": year}),
            "minimums": minimums,
            "sectors": sectors,
            "committees": committees,
            "generated_at": generated_at,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def recompute(request):
    """The points table and, on request, a recompute of a year's stored points."""
    _require_viewer(request.user)
    form = YearForm(request.POST or None)
    if request.method == "POST":
        _require_staff(request.user)
        if form.is_valid():
            year = form.cleaned_data["year"] or _this_year()
            try:
                services.request_recompute(actor=request.user, year=year)
            except ValidationError as exc:
                _error_messages(request, exc)
            else:
                messages.success(request, _("Recompute of %(year)d queued.") % {"year": year})
            return redirect("members:duty_recompute")
    return render(
        request,
        "members/duty/recompute.html",
        {
            "form": form,
            "rules": PointRule.objects.select_related("term").order_by("term", "kind"),
            "bands": Bands().rows,
            "minimums": active_minimums(),
            "jobs": PointsRecompute.objects.select_related("requested_by")[:20],
            "can_manage": selectors.can_manage_duty(request.user),
        },
    )


# --- Sector archives --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def archives(request):
    _require_staff(request.user)
    form = ArchiveJobForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        job = services.request_sector_archive(
            actor=request.user, sector=d["sector"], year=d["year"] or None, term=d["term"]
        )
        messages.success(request, _("The archive is being built."))
        return redirect(f"{reverse('members:duty_archives')}#job-{job.pk}")
    jobs = ArchiveJob.objects.select_related("sector", "term").filter(requested_by=request.user)[
        :20
    ]
    return render(request, "members/duty/archives.html", {"form": form, "jobs": jobs})


@login_required
def archive_progress(request, pk):
    """The htmx-polled progress row of one job."""
    _require_staff(request.user)
    job = get_object_or_404(
        ArchiveJob.objects.select_related("sector", "term"), pk=pk, requested_by=request.user
    )
    return render(request, "members/duty/archive_job.html", {"job": job})


@login_required
def archive_download(request, pk):
    _require_staff(request.user)
    job = get_object_or_404(ArchiveJob, pk=pk, requested_by=request.user)
    if job.state != ArchiveJob.State.DONE:
        raise Http404
    from .archive import sector_archive_filename

    return file_response(job.file, filename=sector_archive_filename(job))
