"""The social-opinion part of each role's home page."""

from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.navigation import HomeSection

from . import selectors


def member_section(user):
    if not selectors.can_write(user):
        return None
    return HomeSection(
        _("My social-opinion reports"),
        "opinions/home/member.html",
        {"summary": selectors.member_summary(user)},
        order=20,
    )


def staff_section(user):
    if not selectors.can_manage(user):
        return None
    return HomeSection(
        _("Social-opinion editing desk"),
        "opinions/home/staff.html",
        {"count": selectors.queue_count(user)},
        order=15,
    )


SECTIONS = [member_section, staff_section]
