"""What the stations' services share: the permission checks and a station's managers."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from ..rules import can_act_on_station, can_manage_all_stations


def _require_station(actor, station):
    if not can_act_on_station(actor, station):
        raise PermissionDenied(_("You may act only on your own station."))


def _require_liaison(actor):
    if not can_manage_all_stations(actor):
        raise PermissionDenied(_("Only liaison staff may assign members to stations."))


def station_managers(station) -> list:
    """The accounts that run a station: its instructor and its head's account."""
    users = []
    if station.instructor_id:
        users.append(station.instructor)
    if station.head_id and station.head.user_id:
        users.append(station.head.user)
    return users
