"""The consultations part of each role's home page."""

from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.navigation import HomeSection

from . import selectors
from .rules import can_manage, is_member


def member_section(user):
    if not is_member(user):
        return None
    waiting = selectors.waiting_invitations(user)[:5]
    return HomeSection(
        _("Invitations waiting for your reply"),
        "consultations/home/member.html",
        {"waiting": waiting},
        order=20,
    )


def staff_section(user):
    if not can_manage(user):
        return None
    pending = selectors.pending_leave_requests(user)
    return HomeSection(
        _("Leave requests to approve"),
        "consultations/home/staff.html",
        {"pending": list(pending[:8]), "n": pending.count()},
        order=20,
    )


SECTIONS = [member_section, staff_section]
