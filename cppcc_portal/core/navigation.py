"""What a part of the portal contributes to the navigation and the home page.

Each app has `navigation.py` with `NAV = [NavItem(...)]` and may have `home.py`
with `SECTIONS = [callable(user) -> HomeSection | None]`; the dashboard gathers them.
"""

from dataclasses import dataclass, field

from cppcc_portal.accounts.roles import Role

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
