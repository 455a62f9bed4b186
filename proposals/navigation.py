from django.utils.translation import gettext_lazy as _

from cppcc_portal.accounts.roles import Role
from cppcc_portal.core.navigation import NavItem

NAV = [
    NavItem(_("My proposals"), "proposals:mine", "journal-text", frozenset({Role.MEMBER})),
    NavItem(
        _("Proposals"),
        "proposals:list",
        "journals",
        frozenset({Role.PROPOSAL_STAFF, Role.LEADER}),
    ),
    NavItem(_("Review queue"), "proposals:review", "inbox", frozenset({Role.PROPOSAL_STAFF})),
    NavItem(
        _("Assigned proposals"), "proposals:unit_queue", "briefcase", frozenset({Role.UNIT_LIAISON})
    ),
    NavItem(_("Key proposals"), "proposals:leader", "star", frozenset({Role.LEADER})),
]
