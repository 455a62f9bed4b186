"""A per-address rate limit for the public pages, kept in the Redis cache: a counter per
(purpose, address) that expires with its window, so a flood costs one INCR per request."""

from django.conf import settings
from django.core.cache import cache

DEFAULTS = {"opinion": (5, 60 * 60), "lookup": (30, 10 * 60)}


def client_address(request) -> str:
    """REMOTE_ADDR: the proxy in front must set it to the real client (X-Forwarded-For
    can be forged by anyone, so it is not trusted here)."""
    return request.META.get("REMOTE_ADDR") or "unknown"


def limits(purpose: str) -> tuple[int, int]:
    return getattr(settings, "STATION_PUBLIC_RATE_LIMITS", {}).get(purpose, DEFAULTS[purpose])


def hit(request, purpose: str) -> bool:
    """Count one request; True while the address is within its limit."""
    allowed, window = limits(purpose)
    key = f"stations:throttle:{purpose}:{client_address(request)}"
    try:
        cache.add(key, 0, timeout=window)
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    except Exception:  # noqa: BLE001 - Redis down: fail open rather than refuse every resident
        return True
    return count <= allowed
