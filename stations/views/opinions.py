"""Residents' opinions: the list, recording one, its page and the steps on it (the kernel's
one action view over stations.actions)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cppcc_portal.accounts.roles import Role, has_role, is_staff_role
from cppcc_portal.core.pagination import paginate
from cppcc_portal.core.workflow.views import run_action

from .. import forms, rules, selectors, services
from ..actions import ACTIONS
from ._common import _acting_station, _form_errors, _get, _require_station_pages


@login_required
def opinion_list(request):
    _require_station_pages(request.user)
    stations = selectors.stations_visible_to(request.user)
    data = request.GET.copy()
    if not data and has_role(request.user, Role.STATION_MANAGER):
        data["state"] = "to_handle"
    form = forms.OpinionFilterForm(data or None, stations=stations)
    page = paginate(request, selectors.opinion_list(request.user, **form.filters()))
    return render(
        request,
        "stations/opinion_list.html",
        {"form": form, "page": page, "staff": is_staff_role(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def opinion_create(request, pk):
    station = _acting_station(request.user, pk)
    form = forms.OpinionRecordForm(request.POST or None, station=station)
    if request.method == "POST" and form.is_valid():
        try:
            opinion = services.record_opinion(
                actor=request.user, station=station, **form.cleaned_data
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request,
                _("The opinion was recorded; its receipt code is %(code)s.")
                % {"code": opinion.receipt_code},
            )
            return redirect("stations:opinion_detail", opinion.pk)
    return render(request, "stations/opinion_form.html", {"form": form, "station": station})


def _visible_opinion(user, pk):
    _require_station_pages(user)
    return _get(selectors.opinion_detail, user, pk)


def _render_detail(request, opinion, bound=None, status=200):
    from cppcc_portal.notifications.services import deadlines_for

    offered = ACTIONS.available(request.user, opinion)
    action_forms = ACTIONS.forms_for(request, opinion, offered, bound=bound)
    context = {
        "opinion": opinion,
        "meta": opinion.meta,
        "may_act": rules.may_handle(request.user, opinion),
        "action_entries": ACTIONS.entries(
            request, opinion, offered, action_forms, "stations:opinion_action"
        ),
        "staff": is_staff_role(request.user),
        "public": selectors.public_status(opinion),
        "conversion": selectors.conversion_for(request.user, opinion),
        "deadlines": deadlines_for(opinion),
    }
    return render(request, "stations/opinion_detail.html", context, status=status)


@login_required
def opinion_detail(request, pk):
    return _render_detail(request, _visible_opinion(request.user, pk))


@login_required
def opinion_action(request, pk, action):
    """Every step on an opinion (stations.actions), through the kernel's action view."""
    opinion = _visible_opinion(request.user, pk)
    return run_action(
        request,
        opinion,
        ACTIONS,
        action,
        render_page=_render_detail,
        reload=lambda old: _visible_opinion(request.user, pk),
    )
