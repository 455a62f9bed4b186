from django.utils.translation import gettext_lazy as _

from cppcc_portal.accounts.roles import Role
from cppcc_portal.core.navigation import NavItem
from members.selectors import acts_as_member


def _waiting_invitations(user):
    from .selectors import waiting_invitations

    return len(waiting_invitations(user))


def _leave_requests(user):
    from .selectors import pending_leave_requests

    return pending_leave_requests(user).count()


POSITION = 40  # place in the menu (core.contributions)
GROUP = "consultations"  # the sidebar group (core.navigation.GROUPS)

NAV = [
    NavItem(
        _("Consultations"),
        "consultations:list",
        "chat-square-text",
        frozenset({Role.CONSULTATION_STAFF, Role.LEADER}),
        count=_leave_requests,
    ),
    NavItem(
        _("Our rectifications"),
        "consultations:rectifications",
        "clipboard-check",
        frozenset({Role.UNIT_LIAISON}),
    ),
    NavItem(
        _("My meetings"),
        "consultations:my_meetings",
        "calendar-check",
        frozenset({Role.MEMBER}),
        count=_waiting_invitations,
        tab="meetings",
        when=acts_as_member,
    ),
]
