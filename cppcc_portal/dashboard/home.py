"""What each role sees first on the home page."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from cppcc_portal.accounts.roles import STAFF_ROLES, Role, user_roles
from members.models import Member, Sector
from members.selectors import member_for_user


def _member_section(user):
    member = member_for_user(user)
    return {"template": "dashboard/sections/member.html", "title": _("My duty"), "member": member}


def _registry_section(user):
    counts = Member.objects.aggregate(
        sitting=Count("id", filter=Q(status=Member.Status.SITTING)),
        total=Count("id"),
    )
    sectors = Sector.objects.annotate(
        n=Count("members", filter=Q(members__status=Member.Status.SITTING))
    ).order_by("-n", "order")[:8]
    return {
        "template": "dashboard/sections/registry.html",
        "title": _("Member registry"),
        "counts": counts,
        "sectors": sectors,
    }


def _unit_section(user):
    units = list(user.handling_units.all())
    return {
        "template": "dashboard/sections/unit.html",
        "title": _("My handling unit"),
        "units": units,
    }


def home_sections(user):
    roles = user_roles(user)
    sections = []
    if Role.MEMBER in roles:
        sections.append(_member_section(user))
    if roles & (STAFF_ROLES | {Role.LEADER}):
        sections.append(_registry_section(user))
    if Role.UNIT_LIAISON in roles:
        sections.append(_unit_section(user))
    return sections
