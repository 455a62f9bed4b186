"""The public pages' rate limits (settings.RATE_LIMITS "opinion" and "lookup"): the portal's
one limiter (cppcc_portal.core.ratelimit), counted per client address (core.client:
X-Forwarded-For only from a trusted proxy), in Redis or, when Redis is down, in PostgreSQL —
never open."""

from cppcc_portal.core import ratelimit


def hit(request, purpose: str) -> bool:
    """Count one request; True while the address is within its limit."""
    return ratelimit.hit(purpose, ratelimit.by_address(request))
