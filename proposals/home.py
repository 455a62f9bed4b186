"""The proposals part of each role's home page."""

from django.utils.translation import gettext_lazy as _

from cppcc_portal.accounts.roles import Role, has_role
from cppcc_portal.core.navigation import HomeSection

from . import selectors


def unit_section(user):
    if not has_role(user, Role.UNIT_LIAISON):
        return None
    return HomeSection(
        _("My handling unit"),
        "proposals/home/unit.html",
        {
            "units": list(user.handling_units.all()),
            "queue": list(selectors.unit_queue(user)[:5]),
        },
        order=20,
    )


def member_section(user):
    """Co-signing invitations are answered right here, plus the member's latest proposals."""
    if not has_role(user, Role.MEMBER):
        return None
    invitations, recent = selectors.home_for_member(user)
    return HomeSection(
        _("My proposals"),
        "proposals/home/member.html",
        {"invitations": invitations, "recent": recent},
        order=15,
    )


def staff_section(user):
    if not has_role(user, Role.PROPOSAL_STAFF):
        return None
    returns, extensions = selectors.staff_requests(user)
    return HomeSection(
        _("Proposal work"),
        "proposals/home/staff.html",
        {
            "to_review": selectors.review_queue(user).count(),
            "requests": returns.count() + extensions.count(),
            "overdue": selectors.overdue(user).count(),
        },
        order=20,
    )


def leader_section(user):
    if not has_role(user, Role.LEADER):
        return None
    return HomeSection(
        _("Key proposals I supervise"),
        "proposals/home/leader.html",
        {"items": list(selectors.leader_proposals(user)[:8])},
        order=25,
    )


SECTIONS = [member_section, staff_section, unit_section, leader_section]
