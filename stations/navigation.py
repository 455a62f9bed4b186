from django.utils.translation import gettext_lazy as _

from cppcc_portal.accounts.roles import STAFF_ROLES, Role
from cppcc_portal.core.navigation import NavItem


def _to_handle(user):
    from .selectors import opinions_to_handle_count

    return opinions_to_handle_count(user) or None


def _unassigned(user):
    from cppcc_portal.accounts.roles import has_role

    from .selectors import unassigned_count

    return unassigned_count() if has_role(user, Role.LIAISON_STAFF) else None


NAV = [
    NavItem(
        _("Liaison stations"),
        "stations:list",
        "geo-alt",
        frozenset(STAFF_ROLES | {Role.LEADER, Role.STATION_MANAGER}),
        count=_unassigned,
    ),
    NavItem(
        _("Residents' opinions"),
        "stations:opinion_list",
        "chat-left-text",
        frozenset(STAFF_ROLES | {Role.LEADER, Role.STATION_MANAGER}),
        count=_to_handle,
    ),
]
