"""The navigation, by role, gathered from each part's `navigation.py` (a NAV list of
NavItem). An entry whose URL does not exist is skipped."""

import importlib

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.navigation import NavItem

# The parts that contribute entries, in menu order.
NAV_MODULES = [
    "members.navigation",
    "proposals.navigation",
    "proposals.opinions.navigation",
    "consultations.navigation",
    "stations.navigation",
    "cppcc_portal.news.navigation",
    "cppcc_portal.notifications.navigation",
    "cppcc_portal.audit.navigation",
    "cppcc_portal.dashboard.nav_entries",
]
HOME_MODULES = [
    name.replace(".navigation", ".home").replace(".nav_entries", ".home_entries")
    for name in NAV_MODULES
]


def contributions(module_names, attribute):
    """The `attribute` lists of those modules that exist, in order."""
    found = []
    for name in module_names:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        found.extend(getattr(module, attribute))
    return found


def _collect():
    return [NavItem(_("Home"), "home", "house"), *contributions(NAV_MODULES, "NAV")]


_ITEMS = None


def _items_for(roles):
    global _ITEMS
    if _ITEMS is None:
        _ITEMS = _collect()
    for index, item in enumerate(_ITEMS):
        if not (roles & item.roles):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        yield index, item, url


def navigation_for(request, roles):
    """The menu. Badge counts are not computed here: the page asks for them once loaded
    (nav_counts), so a page's own query count does not grow with every part's badge."""
    path = request.path
    return [
        {
            "label": item.label,
            "url": url,
            "icon": item.icon,
            "active": path == url if url == "/" else path.startswith(url),
            "count_id": f"nav-count-{index}" if item.count else None,
        }
        for index, item, url in _items_for(roles)
    ]


def counts_for(request, roles):
    """The badge counts of the menu entries this user sees: [(element id, count)]."""
    return [
        (f"nav-count-{index}", item.count(request.user))
        for index, item, _url in _items_for(roles)
        if item.count
    ]
