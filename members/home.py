"""The members part of each role's home page."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from cppcc_portal.accounts.roles import STAFF_ROLES, Role, has_role
from cppcc_portal.core.navigation import HomeSection

from .models import Member, Sector
from .selectors import member_for


def member_section(user):
    """The member's points this year and the yearly minimums still missing."""
    if not has_role(user, Role.MEMBER):
        return None
    from django.utils import timezone

    from .selectors import member_duty_summary

    member = member_for(user)
    summary = member_duty_summary(member, timezone.localdate().year) if member else None
    return HomeSection(
        _("My duty"), "members/home/member.html", {"member": member, "summary": summary}, order=10
    )


def registry_section(user):
    if not has_role(user, *STAFF_ROLES, Role.LEADER):
        return None
    counts = Member.objects.aggregate(
        sitting=Count("id", filter=Q(status=Member.Status.SITTING)), total=Count("id")
    )
    sectors = Sector.objects.annotate(
        n=Count("members", filter=Q(members__status=Member.Status.SITTING))
    ).order_by("-n", "order")[:8]
    return HomeSection(
        _("Member registry"),
        "members/home/registry.html",
        {"counts": counts, "sectors": sectors},
        order=80,
    )


def duty_section(user):
    """Staff and leaders: reflections waiting for review and the links to the duty views."""
    if not has_role(user, *STAFF_ROLES, Role.LEADER):
        return None
    from .models import StudyReflection

    waiting = StudyReflection.objects.filter(state=StudyReflection.State.SUBMITTED).count()
    return HomeSection(
        _("Member duty"), "members/home/duty.html", {"waiting_reflections": waiting}, order=85
    )


SECTIONS = [member_section, registry_section, duty_section]
