"""The menu and the home page, gathered from what each app contributes (core.contributions).

Each app has `navigation.py` with `NAV = [NavItem(...)]` and may have `home.py` with
`SECTIONS = [callable(user) -> HomeSection | None]`. An entry whose URL does not exist is
skipped. Badge counts are not computed with the page: it asks for them once loaded
(`counts_for`, the dashboard's nav_counts view), so no page's query count grows with every
part's badge.
"""

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from cppcc_portal.accounts.roles import Role

from .contributions import contributions

ALL_ROLES = frozenset(Role.values)


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str
    roles: frozenset = field(default=ALL_ROLES)
    count: object = None  # optional callable(user) -> int, shown as a badge


@dataclass
class HomeSection:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 50


_ITEMS = None


def _items():
    global _ITEMS
    if _ITEMS is None:
        _ITEMS = [NavItem(_("Home"), "home", "house"), *contributions("navigation", "NAV")]
    return _ITEMS


def _items_for(roles):
    for index, item in enumerate(_items()):
        if not (roles & item.roles):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        yield index, item, url


def navigation_for(request, roles):
    """The menu entries this user's roles may use."""
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


def home_sections(user) -> list[HomeSection]:
    """The home-page sections of every part that concern this user, in their order."""
    sections = [s for s in (make(user) for make in contributions("home", "SECTIONS")) if s]
    sections.sort(key=lambda s: s.order)
    return sections
