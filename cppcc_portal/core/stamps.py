"""A data stamp: a value that every committed write the dashboards read moves, so a cache
entry keyed on it is never stale (the figures are recomputed on the first read after a
write, then served from the cache until the next one).

The stamp is read in one query before the figures are computed (so figures computed from a
newer snapshot than the stamp only make the entry fresher, never older):
- the highest id of every workflow timeline table (each service writes a timeline event);
- the extra parts the apps register (`register`), e.g. a checksum of the duty totals,
  which move with bulk ledger writes that send no signal;
- a Redis counter moved after the commit of any model save or delete and of any change to a
  many-to-many relation (admin edits, writes that leave no timeline event, a role granted or
  taken, a liaison added to or removed from a unit — what decides what a user may see);
- on a read replica, its replay position (core/replica.py).
"""

import contextlib
import hashlib
import logging

from django.apps import apps
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from . import replica

COUNTER_KEY = "core:data-stamp"
_extra: dict[str, str] = {}
log = logging.getLogger(__name__)


def register(name: str, scalar_sql: str) -> None:
    """An app's part of the stamp: a scalar SELECT (no parameters) that changes with its data."""
    _extra[name] = scalar_sql


def _parts_sql() -> str:
    from .workflow.records import TimelineEvent

    parts = [
        f"(SELECT MAX(id) FROM {connection.ops.quote_name(m._meta.db_table)})"
        for m in apps.get_models()
        if issubclass(m, TimelineEvent) and not m._meta.abstract
    ]
    parts += [f"({sql})" for _name, sql in sorted(_extra.items())]
    # inside a transaction that wrote (its writes not yet committed or maybe rolled back):
    # a key of its own, so what it computes is never served to anyone else
    parts.append("txid_current_if_assigned()")
    # on a read replica: how far it has replayed, so an entry computed while it lagged is not
    # served once it has caught up (NULL on the primary)
    parts.append("pg_last_wal_replay_lsn()")
    return "SELECT " + ", ".join(parts or ["0"])


def data_stamp() -> str:
    """The current stamp (one query and one cache read), read where the figures are read."""
    with connections[replica.read_alias()].cursor() as cursor:
        cursor.execute(_parts_sql())
        row = cursor.fetchone()
    try:
        counter = cache.get(COUNTER_KEY, 0)
    except Exception:  # noqa: BLE001 - Redis down: no cache either, the caller recomputes
        counter = None
    raw = f"{row}|{counter}|{timezone.localdate()}"
    return hashlib.sha1(raw.encode()).hexdigest()[:16]


def _bump():
    try:
        cache.incr(COUNTER_KEY)
    except ValueError:
        with contextlib.suppress(Exception):
            cache.set(COUNTER_KEY, 1, None)
    except Exception:  # noqa: BLE001 - Redis down: nothing cached to go stale either
        log.warning("could not move the data stamp")


def touch() -> None:
    """Move the stamp once the current transaction commits: for writes that send no signal
    (bulk_create, update()) a user's cached page shows — call it where they are made."""
    transaction.on_commit(_bump)


_quiet: dict = {}


def quiet(model, when) -> None:
    """Saves of `model` rows for which `when(row)` holds do not move the stamp: rows that no
    cached page reads, written by requests that only read (the audit entry of an export or a
    download — otherwise every download of the dashboard's workbook would throw its cached
    figures away and recompute them)."""
    _quiet[model] = when


def on_write(sender, **kwargs):
    if sender._meta.app_label in ("sessions", "contenttypes"):
        return
    when, row = _quiet.get(sender), kwargs.get("instance")
    if when is not None and row is not None and "action" not in kwargs and when(row):
        return
    if kwargs.get("action", "post_").startswith("pre_"):  # m2m_changed: only once it is done
        return
    touch()


def connect():
    post_save.connect(on_write, dispatch_uid="core.stamps.save")
    post_delete.connect(on_write, dispatch_uid="core.stamps.delete")
    m2m_changed.connect(on_write, dispatch_uid="core.stamps.m2m")


def cached(key: str, compute, timeout: int = 600):
    """compute() cached under `key` and the data stamp; (value, from_cache)."""
    full = f"stamped:{key}:{data_stamp()}"
    try:
        value = cache.get(full)
    except Exception:  # noqa: BLE001 - Redis down: compute
        value = None
    if value is not None:
        return value, True
    value = compute()
    with contextlib.suppress(Exception):
        cache.set(full, value, timeout)
    return value, False
