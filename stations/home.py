"""The stations part of the home page: a station manager's opinions to handle, liaison
staff's unassigned members."""

from django.utils.translation import gettext_lazy as _

from cppcc_portal.accounts.roles import Role, has_role
from cppcc_portal.core.navigation import HomeSection

from . import selectors


def manager_section(user):
    if not has_role(user, Role.STATION_MANAGER):
        return None
    stations = list(selectors.stations_managed_by(user).filter(is_active=True))
    return HomeSection(
        _("My liaison station"),
        "stations/home/manager.html",
        {
            "stations": stations,
            "to_handle": selectors.opinions_to_handle_count(user),
        },
        order=15,
    )


def liaison_section(user):
    if not has_role(user, Role.LIAISON_STAFF):
        return None
    return HomeSection(
        _("Liaison stations"),
        "stations/home/liaison.html",
        {
            "unassigned": selectors.unassigned_count(),
            "solved": selectors.problems_solved(),
        },
        order=40,
    )


SECTIONS = [manager_section, liaison_section]
