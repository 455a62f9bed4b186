"""The proposals part of each role's home page."""

from django.utils.translation import gettext_lazy as _

from cppcc_portal.accounts.roles import Role, has_role
from cppcc_portal.core.navigation import HomeSection


def unit_section(user):
    if not has_role(user, Role.UNIT_LIAISON):
        return None
    return HomeSection(
        _("My handling unit"),
        "proposals/home/unit.html",
        {"units": list(user.handling_units.all())},
        order=20,
    )


SECTIONS = [unit_section]
