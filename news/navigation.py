from django.utils.translation import gettext_lazy as _

from cppcc_portal.accounts.roles import STAFF_ROLES, Role
from cppcc_portal.core.navigation import ALL_ROLES, NavItem


def _unread(user):
    from .selectors import unread_notice_count

    return unread_notice_count(user) or None


POSITION = 60  # place in the menu (core.contributions)
GROUP = "news"  # the sidebar group (core.navigation.GROUPS)

NAV = [
    NavItem(_("News"), "news:public", "newspaper", ALL_ROLES),
    NavItem(
        _("Notices"),
        "news:notices",
        "megaphone",
        frozenset({Role.MEMBER, Role.LEADER, *STAFF_ROLES}),
        count=_unread,
    ),
    NavItem(_("Publishing"), "news:notice_manage", "pencil-square", frozenset(STAFF_ROLES)),
]
