"""Rate limits: one decorator and one counter for every limit of the portal.

A counter per (purpose, key) lives in the Redis cache and expires with its window, so a
flood costs one INCR per request. When Redis does not answer the count moves to a
PostgreSQL row (core.RateCounter, one upsert per request): a limit never falls open.

The limits are settings.RATE_LIMITS = {purpose: (allowed, window_seconds)}; the key is the
client address (core.client) or, for per-account limits, whatever the view passes.
"""

import hashlib
import logging
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.shortcuts import render

from .client import client_address

log = logging.getLogger(__name__)

DEFAULT_LIMITS = {
    "opinion": (5, 60 * 60),  # a resident's opinions on a station's public page
    "lookup": (30, 10 * 60),  # receipt code lookups
    "password_reset": (5, 60 * 60),  # reset e-mails asked for, per address
    "login_address": (30, 15 * 60),  # login attempts from one address
    "login_account": (10, 15 * 60),  # login attempts for one account name
    "two_factor": (10, 15 * 60),  # second-factor codes tried by one account
    "public_pages": (240, 60),  # reads of the public proposal pages and open data, per address
    "api": (300, 60),  # JSON API requests per device token (or per session user)
}


def limits(purpose: str) -> tuple[int, int]:
    configured = {**DEFAULT_LIMITS, **(getattr(settings, "RATE_LIMITS", None) or {})}
    return tuple(configured[purpose])


def _key(purpose: str, value: str) -> str:
    digest = hashlib.sha256(str(value).encode("utf-8", "replace")).hexdigest()[:40]
    return f"ratelimit:{purpose}:{digest}"


_UPSERT = """
INSERT INTO core_ratecounter (key, count, window_ends)
VALUES (%s, 1, now() + make_interval(secs => %s))
ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN core_ratecounter.window_ends <= now() THEN 1
                 ELSE core_ratecounter.count + 1 END,
    window_ends = CASE WHEN core_ratecounter.window_ends <= now() THEN EXCLUDED.window_ends
                       ELSE core_ratecounter.window_ends END
RETURNING count
"""


def _count_in_database(key: str, window: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT, [key, window])
        count = cursor.fetchone()[0]
        if count == 1:  # a new window: the moment to drop windows long gone
            cursor.execute(
                "DELETE FROM core_ratecounter WHERE window_ends < now() - interval '1 day'"
            )
    return count


def _count_in_cache(key: str, window: int) -> int:
    try:
        cache.add(key, 0, timeout=window)
        return cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def hit(purpose: str, value) -> bool:
    """Count one attempt for `value` (an address, an account name); True while within the
    limit. Redis down: the PostgreSQL counter decides."""
    allowed, window = limits(purpose)
    key = _key(purpose, value)
    try:
        count = _count_in_cache(key, window)
    except Exception as exc:  # noqa: BLE001 - any cache failure: count in the database
        log.warning("rate limit %s: cache unavailable (%s), counting in PostgreSQL", purpose, exc)
        count = _count_in_database(key, window)
    return count <= allowed


def by_address(request):
    return client_address(request) or "unknown"


def refused(request, template="core/ratelimited.html"):
    return render(request, template, status=429)


def ratelimit(purpose: str, *, key=by_address, methods=("POST",), template=None):
    """Refuse (429) a request over the limit of `purpose`. `key(request)` names what is
    counted (default: the client address; None: not counted); only `methods` count."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in methods:
                value = key(request)
                if value is not None and not hit(purpose, value):
                    return refused(request, template or "core/ratelimited.html")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
