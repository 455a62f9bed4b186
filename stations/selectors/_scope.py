"""What each user may see and act on: the one narrowing every list of the part goes through."""

from django.db.models import Q

from cppcc_portal.accounts.roles import Role, has_role

from ..models import Station
from ..rules import can_manage_all_stations, can_view_all_stations


def stations_visible_to(user):
    """Staff and leaders see every station; a station manager only their own."""
    qs = Station.objects.select_related("kind", "street", "sector", "head", "instructor")
    if can_view_all_stations(user):
        return qs
    if has_role(user, Role.STATION_MANAGER):
        return qs.filter(Q(instructor=user) | Q(head__user=user))
    return qs.none()


def stations_managed_by(user):
    """Stations the user may act on."""
    qs = Station.objects.select_related("kind", "street", "head")
    if can_manage_all_stations(user):
        return qs
    if has_role(user, Role.STATION_MANAGER):
        return qs.filter(Q(instructor=user) | Q(head__user=user))
    return qs.none()
