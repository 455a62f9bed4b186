from django.utils.translation import gettext_lazy as _

from cppcc_portal.accounts.roles import STAFF_ROLES, Role
from cppcc_portal.core.navigation import NavItem

NAV = [
    NavItem(_("Members"), "members:list", "people", frozenset(STAFF_ROLES | {Role.LEADER})),
]
