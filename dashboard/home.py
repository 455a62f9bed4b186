"""The dashboard's home sections: the work-queue items the parts' own sections leave out
(proposals to assign, return and extension requests apart, overdue rectifications; a unit's
due-soon and overdue counts; a member's evaluations due; the leader's dashboard)."""

from django.utils.translation import gettext_lazy as _

from cppcc_portal.accounts.roles import Role, has_role
from cppcc_portal.core.navigation import HomeSection

from . import queues


def staff_queue(user):
    if not has_role(user, Role.PROPOSAL_STAFF, Role.CONSULTATION_STAFF):
        return None
    return HomeSection(
        _("Work queue"),
        "dashboard/home/staff.html",
        {
            "counts": queues.staff_counts(),
            "proposals": has_role(user, Role.PROPOSAL_STAFF),
            "consultations": has_role(user, Role.CONSULTATION_STAFF),
        },
        order=3,
    )


def unit_queue(user):
    if not has_role(user, Role.UNIT_LIAISON):
        return None
    return HomeSection(
        _("Assigned to my unit"),
        "dashboard/home/unit.html",
        {"counts": queues.unit_counts(user)},
        3,
    )


def member_queue(user):
    if not has_role(user, Role.MEMBER):
        return None
    items = list(queues.evaluations_due(user)[:5])
    if not items:
        return None
    return HomeSection(_("Replies to evaluate"), "dashboard/home/member.html", {"items": items}, 3)


def leader_entry(user):
    if not has_role(user, Role.LEADER):
        return None
    return HomeSection(
        _("Leader dashboard"),
        "dashboard/home/leader.html",
        {"overdue": queues.overdue_count(user)},
        order=4,
    )


SECTIONS = [staff_queue, unit_queue, member_queue, leader_entry]
