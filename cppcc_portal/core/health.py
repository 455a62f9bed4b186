"""The state of the services the portal depends on, for /healthz and monitoring."""

from datetime import timedelta

import redis
from django.conf import settings
from django.db import connection
from django.utils import timezone

from .models import Heartbeat

_extra_checks = []


def register_check(func):
    """Other parts (e.g. the working-day calendar) add named checks: func() -> (ok, detail)."""
    _extra_checks.append(func)
    return func


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True, "ok"
    except Exception as exc:  # noqa: BLE001 - report any failure
        return False, exc.__class__.__name__


def check_redis():
    try:
        client = redis.Redis.from_url(
            settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1
        )
        client.ping()
        return True, "ok"
    except Exception as exc:  # noqa: BLE001
        return False, exc.__class__.__name__


def check_beat():
    try:
        beat = Heartbeat.objects.filter(name="beat").first()
    except Exception as exc:  # noqa: BLE001
        return False, exc.__class__.__name__
    if beat is None:
        return False, "never"
    age = timezone.now() - beat.at
    ok = age <= timedelta(seconds=settings.HEARTBEAT_INTERVAL_SECONDS * 3)
    return ok, f"{int(age.total_seconds())}s ago"


def health_report():
    checks = {"database": check_database(), "redis": check_redis(), "beat": check_beat()}
    warnings = {}
    for func in _extra_checks:
        ok, detail = func()
        if not ok:
            warnings[func.__name__] = detail
    healthy = all(ok for ok, _ in checks.values())
    return healthy, {
        "status": "ok" if healthy else "degraded",
        "checks": {name: {"ok": ok, "detail": detail} for name, (ok, detail) in checks.items()},
        "warnings": warnings,
    }
