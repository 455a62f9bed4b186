from django.utils.translation import gettext_lazy as _

from cppcc_portal.accounts.roles import STAFF_ROLES, Role
from cppcc_portal.core.navigation import NavItem

from .selectors import acts_as_member

_VIEWERS = frozenset(STAFF_ROLES | {Role.LEADER})

POSITION = 10  # place in the menu (core.contributions)
GROUP = "members"  # the sidebar group (core.navigation.GROUPS)

NAV = [
    NavItem(
        _("My duty"),
        "members:my_duty",
        "clipboard-check",
        frozenset({Role.MEMBER}),
        tab="me",
        when=acts_as_member,
    ),
    NavItem(_("Members"), "members:list", "people", _VIEWERS),
    NavItem(_("Duty ranking"), "members:duty_ranking", "bar-chart-line", _VIEWERS),
    NavItem(
        _("Term change"),
        "members:term_change",
        "arrow-repeat",
        frozenset({Role.LIAISON_STAFF, Role.PROPOSAL_STAFF}),
    ),
    NavItem(_("Study"), "members:study", "book", frozenset(_VIEWERS | {Role.MEMBER})),
    NavItem(
        _("Member accounts"),
        "members:account_links",
        "person-vcard",
        frozenset({Role.SECURITY_ADMIN}),
        group="system",
    ),
]
