from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.navigation import NavItem

from .roles import Role

POSITION = 79  # place in the menu (core.contributions)
GROUP = "system"  # the sidebar group (core.navigation.GROUPS)

NAV = [
    NavItem(
        _("Account security"), "security_accounts", "person-lock", frozenset({Role.SECURITY_ADMIN})
    )
]
