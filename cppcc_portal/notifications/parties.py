"""Who is responsible for a deadline, named by what they are — a handling unit's liaisons, a
unit's head, a role — instead of the people of the day it was opened, and turned into people
when a reminder goes out (as Zulip re-checks a scheduled message's state when it delivers
it): a liaison replaced mid-handling stops receiving, the new one receives, an escalation
reaches the unit's head of today.

A party is a string "<kind>:<key>", e.g. "role:proposal_staff", "unit:12", "unit_head:12".
The foundation knows "role" (the Django group of that name, active users); the apps register
their kinds in their `deadline_hooks.py` (notifications imports no app):

    from cppcc_portal.notifications.parties import party_kind

    @party_kind("unit", of_users=units_of_users)
    def unit_liaisons(keys):        # ["12", "13"] -> {"12": {user ids}, …}: one query or two
        ...

`of_users(user_ids) -> {user id: {keys}}` says which parties of the kind people belong to now
(the staff deadline page's search by person), and `keys_of(user)` the same for one person as
querysets of a "key" column (`party_key`), used inside the query of "my deadlines" so that it
costs no query of its own; a kind without them is never listed as anyone's own (escalation
steps). All take and return in bulk, so a scan batch costs a fixed number of queries per kind.
"""

import logging
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

logger = logging.getLogger(__name__)

PARTY = re.compile(r"^[a-z][a-z_]*:[\w.-]{1,30}$")


@dataclass(frozen=True)
class PartyKind:
    members: Callable  # (keys) -> {key: set of user ids}
    of_users: Callable | None = None  # (user ids) -> {user id: set of keys}
    # (user) -> querysets of one column, "key": the person's parties of the kind, for use
    # inside another query (a person's own deadlines cost no query of their own)
    keys_of: Callable | None = None


_kinds: dict[str, PartyKind] = {}


def party_kind(kind: str, *, of_users: Callable | None = None, keys_of: Callable | None = None):
    """Register the resolver of a kind of party (decorates its `members` function)."""

    def register(members):
        _kinds[kind] = PartyKind(members, of_users, keys_of)
        return members

    return register


def party_key(kind: str, column: str):
    """The expression "<kind>:<column>" for a keys_of queryset."""
    from django.db.models import CharField, Value
    from django.db.models.functions import Cast, Concat

    return Concat(Value(f"{kind}:"), Cast(column, CharField()), output_field=CharField())


def parties_of_q(user, field="parties"):
    """A filter: `field` (an array of parties) names one of the person's parties now — as
    subqueries of the query it joins, so it adds no query."""
    from django.contrib.postgres.expressions import ArraySubquery
    from django.db.models import Q

    cond = Q(pk__in=[])
    if not getattr(user, "is_authenticated", False):
        return cond
    for resolver in _kinds.values():
        for qs in resolver.keys_of(user) if resolver.keys_of else ():
            cond |= Q(**{f"{field}__overlap": ArraySubquery(qs.values("key"))})
    return cond


def is_party(value) -> bool:
    return isinstance(value, str) and bool(PARTY.match(value))


def check_party(value: str) -> str:
    """A party named by a caller must be well formed and of a registered kind."""
    if not is_party(value) or value.split(":", 1)[0] not in _kinds:
        raise ValueError(f"not a registered party: {value!r}")
    return value


def resolve(parties: Iterable[str]) -> dict[str, set[int]]:
    """{party: user ids} now, one call per kind; an unknown party resolves to nobody."""
    by_kind = defaultdict(set)
    for party in set(parties):
        kind, _sep, key = party.partition(":")
        by_kind[kind].add(key)
    found = {}
    for kind, keys in by_kind.items():
        resolver = _kinds.get(kind)
        if resolver is None:
            logger.warning("no resolver for parties of kind %s", kind)
            members = {}
        else:
            members = resolver.members(sorted(keys))
        for key in keys:
            found[f"{kind}:{key}"] = set(members.get(key, ()))
    return found


def expand(items: Iterable, resolved: dict[str, set[int]]) -> list[int]:
    """User ids for a mixed list of user ids and parties (order kept, no repeats)."""
    out = {}
    for item in items:
        if isinstance(item, str):
            for uid in sorted(resolved.get(item, ())):
                out[uid] = None
        else:
            out[item] = None
    return list(out)


def parties_of_users(user_ids: Iterable[int]) -> dict[int, set[str]]:
    """{user id: the parties the person belongs to now}."""
    ids = sorted(set(user_ids))
    found = {uid: set() for uid in ids}
    if not ids:
        return found
    for kind, resolver in _kinds.items():
        if resolver.of_users is None:
            continue
        for uid, keys in resolver.of_users(ids).items():
            found.setdefault(uid, set()).update(f"{kind}:{k}" for k in keys)
    return found


def people_now(deadlines) -> dict[int, list[int]]:
    """{deadline id: user ids responsible now} — the people named on the deadline plus its
    parties resolved today — for a batch of deadlines (a fixed number of queries)."""
    from .models import Deadline

    deadlines = list(deadlines)
    named = defaultdict(list)
    for deadline_id, user_id in Deadline.responsible.through.objects.filter(
        deadline_id__in=[d.pk for d in deadlines]
    ).values_list("deadline_id", "user_id"):
        named[deadline_id].append(user_id)
    resolved = resolve(p for d in deadlines for p in d.parties)
    return {d.pk: expand([*named[d.pk], *d.parties], resolved) for d in deadlines}


def users_now(deadlines) -> dict[int, list]:
    """Like people_now, with the active User objects (for notifications and pages)."""
    from django.contrib.auth import get_user_model

    ids = people_now(deadlines)
    users = get_user_model().objects.in_bulk({uid for uids in ids.values() for uid in uids})
    return {
        pk: [users[uid] for uid in uids if uid in users and users[uid].is_active]
        for pk, uids in ids.items()
    }


# --- the foundation's own kind: a role (a Django group) ---------------------------------------


def _role_members(keys):
    from django.contrib.auth import get_user_model

    through = get_user_model().groups.through
    found = defaultdict(set)
    for name, user_id in through.objects.filter(
        group__name__in=keys, user__is_active=True
    ).values_list("group__name", "user_id"):
        found[name].add(user_id)
    return found


def _roles_of_users(user_ids):
    from django.contrib.auth import get_user_model

    through = get_user_model().groups.through
    found = defaultdict(set)
    for user_id, name in through.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "group__name"
    ):
        found[user_id].add(name)
    return found


def _role_keys_of(user):
    from django.contrib.auth import get_user_model

    through = get_user_model().groups.through
    return [through.objects.filter(user_id=user.pk).annotate(key=party_key("role", "group__name"))]


party_kind("role", of_users=_roles_of_users, keys_of=_role_keys_of)(_role_members)
