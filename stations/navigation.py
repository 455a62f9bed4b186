from django.utils.translation import gettext_lazy as _

from cppcc_portal.accounts.roles import STAFF_ROLES, Role, has_role
from cppcc_portal.core.navigation import NavItem


def _to_handle(user):
    """The station manager's badge: opinions at their station(s) waiting for them
    (one query, and only for station managers; liaison staff see their figure at home)."""
    if not has_role(user, Role.STATION_MANAGER):
        return None
    from .selectors import opinions_to_handle_count

    return opinions_to_handle_count(user) or None


PAGES = frozenset(STAFF_ROLES | {Role.LEADER, Role.STATION_MANAGER})

NAV = [
    NavItem(_("Liaison stations"), "stations:list", "geo-alt", PAGES),
    NavItem(
        _("Residents' opinions"), "stations:opinion_list", "chat-left-text", PAGES, count=_to_handle
    ),
]
