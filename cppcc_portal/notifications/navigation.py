from django.utils.translation import gettext_lazy as _

from cppcc_portal.accounts.roles import STAFF_ROLES
from cppcc_portal.core.navigation import NavItem

# Everyone reaches their notifications through the bell in the navbar.
POSITION = 70  # place in the menu (core.contributions)

NAV = [
    NavItem(_("Deadlines"), "notifications:deadlines", "alarm", frozenset(STAFF_ROLES)),
]
