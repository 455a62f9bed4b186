"""What the stations' views share: who may see the station pages, a 404 for what the user may
not see, the station to see or to act on, the year asked for."""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.utils import timezone

from cppcc_portal.accounts.roles import Role, has_role
from cppcc_portal.core.workflow.views import errors_onto

from .. import selectors
from ..rules import can_act_on_station, can_view_all_stations

_form_errors = errors_onto  # a service's refusal shown next to the field it names


def _require_station_pages(user):
    if not (can_view_all_stations(user) or has_role(user, Role.STATION_MANAGER)):
        raise PermissionDenied


def _get(fn, *args):
    try:
        return fn(*args)
    except ObjectDoesNotExist:
        raise Http404


def _visible_station(user, pk):
    _require_station_pages(user)
    return _get(selectors.station_detail, user, pk)


def _acting_station(user, pk):
    station = _visible_station(user, pk)
    if not can_act_on_station(user, station):
        raise PermissionDenied
    return station


def _year(request):
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year
