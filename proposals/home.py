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
    """Co-signing invitations are answered right here; the box loads after the page
    (htmx), so the home page's own query count does not grow with it."""
    if not has_role(user, Role.MEMBER):
        return None
    return HomeSection(_("My proposals"), "proposals/home/member.html", {}, order=15)


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
            "drafts": selectors.replies_awaiting_review(user).count(),
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


def leader_trouble_section(user):
    """Trouble at a glance: waiting for rehandling, carrying a 不满意, key proposals late."""
    trouble = selectors.leader_trouble(user)
    if trouble is None:
        return None
    return HomeSection(_("Proposals in trouble"), "proposals/home/trouble.html", trouble, order=23)


def instruction_requests_section(user):
    """The leader's queue of instructions asked of them (呈请批示): the oldest open ones and
    their number, two queries whatever the size of the queue."""
    if not has_role(user, Role.LEADER):
        return None
    return HomeSection(
        _("Instructions asked of me"),
        "proposals/home/instruction_requests.html",
        {
            "items": list(selectors.instruction_requests_for_leader(user)[:5]),
            "count": selectors.open_instruction_request_count(user),
        },
        order=24,
    )


SECTIONS = [
    member_section,
    staff_section,
    unit_section,
    leader_trouble_section,
    instruction_requests_section,
    leader_section,
]
