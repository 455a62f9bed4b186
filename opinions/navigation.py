from django.utils.translation import gettext_lazy as _

from cppcc_portal.accounts.roles import Role
from cppcc_portal.core.navigation import NavItem

from .selectors import queue_count

POSITION = 30  # place in the menu (core.contributions)
GROUP = "reports"  # the sidebar group (core.navigation.GROUPS)

NAV = [
    NavItem(
        _("Social opinions"),
        "opinions:list",
        "megaphone",
        frozenset({Role.MEMBER, Role.OPINION_STAFF, Role.LEADER}),
        tab="reports",
    ),
    NavItem(
        _("Editing desk"),
        "opinions:desk",
        "pencil-square",
        frozenset({Role.OPINION_STAFF}),
        count=queue_count,
    ),
]
