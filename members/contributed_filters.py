"""Filters on the duty ranking that the parts above members contribute.

members sits at the bottom of the dependency order, so it may not import the stations part
to filter the ranking by liaison station. Instead stations registers the filter here when the
apps are ready (stations/apps.py), bringing its own choices and its own meaning of "a member
of this station" (an open assignment). The ranking form shows every registered filter and the
ranking selectors apply them, without knowing which part they come from.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet


@dataclass(frozen=True)
class ContributedFilter:
    name: str  # the form field, the query parameter and the selectors' keyword
    label: str
    choices: Callable[[], QuerySet]  # the objects to choose from (read when a form is built)
    members: Callable[[int], Q]  # a condition on Member for the chosen object's primary key


_REGISTRY: dict[str, ContributedFilter] = {}


def register(contributed: ContributedFilter) -> None:
    """Idempotent: registering a name again replaces it (ready() may run twice in tests)."""
    _REGISTRY[contributed.name] = contributed


def contributed_filters() -> list[ContributedFilter]:
    return list(_REGISTRY.values())


def narrow(members: QuerySet, values: dict) -> QuerySet:
    """Apply the chosen contributed filters (name → primary key; empty values are skipped)."""
    for name, value in values.items():
        if name not in _REGISTRY:
            raise TypeError(f"unknown member filter {name!r}")
        if value:
            members = members.filter(_REGISTRY[name].members(value))
    return members
