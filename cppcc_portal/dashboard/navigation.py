"""The navigation, by role. An entry whose URL does not exist yet is skipped."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from cppcc_portal.accounts.roles import STAFF_ROLES, Role

ALL = frozenset(Role.values)
REGISTRY = frozenset(STAFF_ROLES | {Role.LEADER})

# (label, url name, bootstrap icon, roles that see it)
NAV = [
    (_("Home"), "home", "house", ALL),
    (_("Members"), "members:list", "people", REGISTRY),
]


def navigation_for(request, roles):
    items = []
    path = request.path
    for label, url_name, icon, allowed in NAV:
        if not (roles & allowed):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        active = path == url if url == "/" else path.startswith(url)
        items.append({"label": label, "url": url, "icon": icon, "active": active})
    return items
