"""The dashboard's navigation entry: leaders and committee staff, with the overdue count."""

from django.utils.translation import gettext_lazy as _

from cppcc_portal.accounts.roles import STAFF_ROLES, Role
from cppcc_portal.core.navigation import NavItem

from .queues import overdue_count

NAV = [
    NavItem(
        _("Dashboard"),
        "dashboard:leader",
        "speedometer2",
        frozenset({*STAFF_ROLES, Role.LEADER}),
        count=overdue_count,
    )
]
