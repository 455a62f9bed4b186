"""Activities, their photos and the quarterly visiting rounds of a station."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cppcc_portal.core.files import file_response

from .. import forms, selectors, services
from ..rules import can_act_on_station
from ._common import _acting_station, _form_errors, _get, _require_station_pages


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request, pk):
    station = _acting_station(request.user, pk)
    form = forms.ActivityForm(
        request.POST or None,
        request.FILES or None,
        station=station,
        initial={"date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            activity = services.record_activity(
                actor=request.user,
                station=station,
                kind=data["kind"],
                date=data["date"],
                title=data["title"],
                summary=data["summary"],
                participants=data["participants"],
                residents_reached=data["residents_reached"],
                services_given=data["services_given"],
                donation_amount=data["donation_amount"],
                visit_round=data["visit_round"],
                photos=data["photos"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The activity was recorded."))
            return redirect("stations:activity_detail", activity.pk)
    return render(request, "stations/activity_form.html", {"form": form, "station": station})


@login_required
@require_http_methods(["GET", "POST"])
def activity_detail(request, pk):
    _require_station_pages(request.user)
    activity = _get(selectors.activity_detail, request.user, pk)
    may_act = can_act_on_station(request.user, activity.station)
    form = forms.PhotoForm()
    if request.method == "POST":
        if not may_act:
            raise PermissionDenied
        form = forms.PhotoForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.add_activity_photos(
                    actor=request.user, activity=activity, files=[form.cleaned_data["photo"]]
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("The photo was added."))
                return redirect("stations:activity_detail", activity.pk)
    return render(
        request,
        "stations/activity_detail.html",
        {"activity": activity, "may_act": may_act, "form": form},
    )


@login_required
def photo(request, pk):
    """Photos are served only to those who may see the station."""
    _require_station_pages(request.user)
    item = _get(selectors.photo_for, request.user, pk)
    if request.GET.get("thumb") and item.thumbnail:
        return file_response(item.thumbnail, inline=True)
    return file_response(item.image, filename=item.original_name or None, inline=True)


@login_required
def round_create(request, pk):
    station = _acting_station(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = forms.VisitRoundForm(request.POST)
    if form.is_valid():
        try:
            visit_round = services.plan_visit_round(
                actor=request.user, station=station, **form.cleaned_data
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The visiting round was planned."))
            return redirect("stations:round_detail", visit_round.pk)
    else:
        messages.error(request, _("Check the year and the quarter."))
    return redirect("stations:detail", station.pk)


@login_required
def round_detail(request, pk):
    _require_station_pages(request.user)
    visit_round = _get(selectors.visit_round_for, request.user, pk)
    rows = selectors.visit_round_completion(visit_round)
    return render(
        request,
        "stations/round_detail.html",
        {
            "round": visit_round,
            "rows": rows,
            "done": sum(1 for _m, ok in rows if ok),
            "may_act": can_act_on_station(request.user, visit_round.station),
        },
    )
