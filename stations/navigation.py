from django.utils.translation import gettext_lazy as _

from cppcc_portal.accounts.roles import STAFF_ROLES, Role, has_role
from cppcc_portal.core.navigation import NavItem


def _to_handle(user):
    """The station manager's badge: opinions at their station(s) waiting for them."""
    if not has_role(user, Role.STATION_MANAGER):
        return None
    from .selectors import opinions_to_handle_count

    return opinions_to_handle_count(user) or None


def _unassigned(user):
    """Liaison staff's badge: sitting members who belong to no street/town station."""
    if not has_role(user, Role.LIAISON_STAFF):
        return None
    from .selectors import unassigned_count

    return unassigned_count() or None


PAGES = frozenset(STAFF_ROLES | {Role.LEADER, Role.STATION_MANAGER})

POSITION = 50  # place in the menu (core.contributions)
GROUP = "stations"  # the sidebar group (core.navigation.GROUPS)

NAV = [
    NavItem(_("Liaison stations"), "stations:list", "geo-alt", PAGES, count=_unassigned),
    NavItem(
        _("Residents' opinions"), "stations:opinion_list", "chat-left-text", PAGES, count=_to_handle
    ),
]
