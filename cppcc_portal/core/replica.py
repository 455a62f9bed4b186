"""Reads that may go to a read replica (PostgreSQL streaming replication), and only those.

The dashboards, the exports and the public pages read a whole year and write nothing a reader
waits for; they are the pages named in `settings.REPLICA_READ_VIEWS`. For a GET or HEAD of one
of them the router sends reads to the `replica` database (when `DATABASE_REPLICA_URL` is set
and the replica answers); every write, and every read of every other page, goes to `default`.
A replica that does not answer is left alone for `REPLICA_RETRY_SECONDS` and its reads go to
the primary, so the portal keeps working when the replica is stopped.

A replica lags the primary by a fraction of a second: what it serves can be that much older —
the pages named here say when their figures were computed, and the data stamp read on the
replica carries its replay position (`stamps`), so a cache entry never outlives the lag.
"""

import contextvars
import fnmatch
import logging
import time

from django.conf import settings
from django.db import DatabaseError, connections

ALIAS = "replica"
_reading = contextvars.ContextVar("replica_reads", default=False)
_down_until = 0.0
log = logging.getLogger(__name__)


def configured() -> bool:
    return ALIAS in connections.settings


def _answers() -> bool:
    """The replica is connected (or connects now); a failure rests it for a while."""
    global _down_until
    if time.monotonic() < _down_until:
        return False
    connection = connections[ALIAS]
    try:
        connection.ensure_connection()
    except DatabaseError:
        connection.close_if_unusable_or_obsolete()
        _down_until = time.monotonic() + settings.REPLICA_RETRY_SECONDS
        log.warning(
            "read replica not answering; reading from the primary for %ss",
            settings.REPLICA_RETRY_SECONDS,
        )
        return False
    return True


def read_alias() -> str:
    """Where a read of the current request goes."""
    if _reading.get() and configured() and not connections["default"].in_atomic_block:
        return ALIAS if _answers() else "default"
    return "default"


def reads_from_replica(view_name: str, method: str) -> bool:
    return method in ("GET", "HEAD") and any(
        fnmatch.fnmatchcase(view_name, pattern) for pattern in settings.REPLICA_READ_VIEWS
    )


class ReplicaRouter:
    """Django's database router: writes and migrations on the primary, the reads above on
    the replica."""

    def db_for_read(self, model, **hints):
        return read_alias()

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReplicaReadsMiddleware:
    """Marks the request's reads for the replica when its view is one of REPLICA_READ_VIEWS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            token = getattr(request, "_replica_token", None)
            if token is not None:
                _reading.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if configured() and match and reads_from_replica(match.view_name, request.method):
            request._replica_token = _reading.set(True)
