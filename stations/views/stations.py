"""The stations' pages: the list, a station's page and its exports, the members not yet
assigned and their assignment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cppcc_portal.core.pagination import paginate

from .. import exports, forms, selectors, services
from ..rules import can_act_on_station, can_manage_all_stations
from ._common import _require_station_pages, _visible_station, _year


@login_required
def station_list(request):
    _require_station_pages(request.user)
    form = forms.StationFilterForm(request.GET or None)
    page = paginate(request, selectors.station_list(request.user, **form.filters()), per_page=50)
    counts = selectors.station_counts([s.pk for s in page])
    rows = [(s, counts[s.pk]) for s in page]
    return render(
        request,
        "stations/station_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "may_assign": can_manage_all_stations(request.user),
        },
    )


@login_required
def station_detail(request, pk):
    station = _visible_station(request.user, pk)
    year = _year(request)
    stats = selectors.station_stats(station, year=year)
    return render(
        request,
        "stations/station_detail.html",
        {
            "station": station,
            "stats": stats,
            "year": year,
            "years": range(timezone.localdate().year, timezone.localdate().year - 5, -1),
            "activities": selectors.recent_activities(station),
            "rounds": selectors.visit_rounds(station),
            "may_act": can_act_on_station(request.user, station),
            "round_form": forms.VisitRoundForm(),
        },
    )


@login_required
def station_export(request, pk):
    station = _visible_station(request.user, pk)
    return exports.station_workbook_response(station, year=_year(request))


@login_required
def station_report(request, pk):
    from cppcc_portal.core.documents import document_response

    from ..documents import station_report as report

    station = _visible_station(request.user, pk)
    fmt = "pdf" if request.GET.get("format") == "pdf" else "docx"
    doc = report(station, year=_year(request))
    return document_response(request, doc, fmt, target=station)


# --- Assignment ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def unassigned(request):
    """Sitting members who belong to no street/town station, with bulk assignment."""
    if not can_manage_all_stations(request.user):
        raise PermissionDenied
    assign_form = forms.BulkAssignForm(request.POST or None)
    if request.method == "POST":
        if assign_form.is_valid():
            data = assign_form.cleaned_data
            try:
                n = services.assign_members(
                    actor=request.user,
                    station=data["station"],
                    members=data["members"],
                    since=data["since"],
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("%(n)d members assigned.") % {"n": n})
                return redirect(request.get_full_path())
        elif "since" in assign_form.errors:
            messages.error(request, " ".join(assign_form.errors["since"]))
        else:
            messages.error(request, _("Choose a station and at least one member."))
    filter_form = forms.UnassignedFilterForm(request.GET or None)
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    qs = selectors.unassigned_members(street=filters.get("street"), sector=filters.get("sector"))
    page = paginate(request, qs, per_page=100)
    return render(
        request,
        "stations/unassigned.html",
        {"form": filter_form, "assign_form": assign_form, "page": page},
    )


@login_required
def assign_by_street(request):
    if not can_manage_all_stations(request.user):
        raise PermissionDenied
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        n = services.assign_unassigned_by_street(actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("%(n)d members assigned by the street they live or work in.") % {"n": n}
        )
    return redirect("stations:unassigned")
