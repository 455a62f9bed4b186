"""The dashboard's navigation entry for leaders and committee staff. Its badge, for leaders
only, is the number of overdue proposals; staff see theirs on their own queue entries, so
the badge costs them no query."""

from django.utils.translation import gettext_lazy as _

from cppcc_portal.accounts.roles import STAFF_ROLES, Role, has_role
from cppcc_portal.core.navigation import NavItem

from .queues import overdue_count


def leader_badge(user):
    """Overdue proposals (one COUNT query), for leaders; None (no badge, no query) else."""
    if not has_role(user, Role.LEADER) or has_role(user, *STAFF_ROLES):
        return None
    return overdue_count(user) or None


POSITION = 90  # place in the menu (core.contributions)

NAV = [
    NavItem(
        _("Dashboard"),
        "dashboard:leader",
        "speedometer2",
        frozenset({*STAFF_ROLES, Role.LEADER}),
        count=leader_badge,
    )
]
