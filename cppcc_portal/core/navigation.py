"""The menu and the home page, gathered from what each app contributes (core.contributions).

Each app has `navigation.py` with `NAV = [NavItem(...)]` (and `GROUP`, the sidebar group its
entries fall in unless an entry names its own) and may have `home.py` with
`SECTIONS = [callable(user) -> HomeSection | None]`. An entry whose URL does not exist is
skipped. Badge counts are not computed with the page: it asks for them once loaded
(`counts_for`, the dashboard's nav_counts view), so no page's query count grows with every
part's badge.
"""

from dataclasses import dataclass, field, replace

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cppcc_portal.accounts.roles import STAFF_ROLES, Role

from .contributions import contributions, modules

ALL_ROLES = frozenset(Role.values)

# The staff sidebar's groups, in their order (who has a sidebar: `has_sidebar`).
GROUPS = {
    "workbench": pgettext_lazy("menu", "Workbench"),
    "proposals": pgettext_lazy("menu", "Proposals"),
    "reports": pgettext_lazy("menu", "Social opinions"),
    "consultations": pgettext_lazy("menu", "Consultation and supervision"),
    "members": pgettext_lazy("menu", "Members"),
    "stations": pgettext_lazy("menu", "Liaison stations"),
    "news": pgettext_lazy("menu", "Publishing"),
    "system": pgettext_lazy("menu", "System"),
}

# A member's bottom tab bar on a phone: the tab and its label, in their order.
TABS = {
    "home": pgettext_lazy("tab", "Home"),
    "proposals": pgettext_lazy("tab", "Proposals"),
    "reports": pgettext_lazy("tab", "Social opinions"),
    "meetings": pgettext_lazy("tab", "Meetings"),
    "me": pgettext_lazy("tab", "Mine"),
}


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str
    roles: frozenset = field(default=ALL_ROLES)
    count: object = None  # optional callable(user) -> int, shown as a badge
    group: str = ""  # a key of GROUPS; "" = the module's GROUP
    tab: str = ""  # a key of TABS: the entry is that tab of a member's phone tab bar
    # optional callable(user) -> bool for what the roles alone cannot tell (a superuser holds
    # every role but has no member record: "My proposals" would refuse them).
    when: object = None


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
        items = [NavItem(_("Home"), "home", "house", group="workbench", tab="home")]
        for module in modules("navigation"):
            default = getattr(module, "GROUP", "workbench")
            items += [replace(i, group=i.group or default) for i in getattr(module, "NAV", ())]
        _ITEMS = items
    return _ITEMS


def _items_for(user, roles):
    for index, item in enumerate(_items()):
        if not (roles & item.roles) or (item.when and not item.when(user)):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        yield index, item, url


def has_sidebar(roles) -> bool:
    """Committee staff and leaders work from a grouped sidebar (a dozen entries and more);
    members, units and station heads from the top bar (and members from a phone tab bar)."""
    return bool(roles & (STAFF_ROLES | {Role.LEADER}))


def navigation_for(request, roles):
    """The menu entries this user may use."""
    path = request.path
    return [
        {
            "label": item.label,
            "url": url,
            "icon": item.icon,
            "active": path == url if url == "/" else path.startswith(url),
            "count_id": f"nav-count-{index}" if item.count else None,
            "group": item.group,
            "tab": item.tab,
        }
        for index, item, url in _items_for(request.user, roles)
    ]


def grouped(items) -> list[tuple[str, list]]:
    """The sidebar: [(group label, entries)] in the order of GROUPS, empty groups left out."""
    return [
        (label, entries)
        for key, label in GROUPS.items()
        if (entries := [i for i in items if i["group"] == key])
    ]


def tabs(items) -> list[dict]:
    """A member's phone tab bar: the entries that are tabs, in the order of TABS."""
    by_tab = {i["tab"]: i for i in items if i["tab"]}
    return [{**by_tab[key], "label": label} for key, label in TABS.items() if key in by_tab]


def counts_for(request, roles):
    """The badge counts of the menu entries this user sees: [(element id, count)]."""
    return [
        (f"nav-count-{index}", item.count(request.user))
        for index, item, _url in _items_for(request.user, roles)
        if item.count
    ]


def home_sections(user) -> list[HomeSection]:
    """The home-page sections of every part that concern this user, in their order."""
    sections = [s for s in (make(user) for make in contributions("home", "SECTIONS")) if s]
    sections.sort(key=lambda s: s.order)
    return sections
