from django.utils.translation import gettext_lazy as _

from cppcc_portal.accounts.roles import Role
from cppcc_portal.core.navigation import NavItem

POSITION = 80  # place in the menu (core.contributions)
GROUP = "system"  # the sidebar group (core.navigation.GROUPS)

NAV = [NavItem(_("Audit log"), "audit:list", "shield-lock", frozenset({Role.SECURITY_AUDITOR}))]
