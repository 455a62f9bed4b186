import hmac
import ipaddress

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import health_report


def may_see_health_details(request) -> bool:
    """The details (which service failed, and why) go to a probe on this host — loopback
    and not forwarded by a proxy — or to one presenting HEALTHZ_TOKEN as a bearer token."""
    token = getattr(settings, "HEALTHZ_TOKEN", "")
    offered = request.META.get("HTTP_AUTHORIZATION", "")
    if token and offered.startswith("Bearer "):
        return hmac.compare_digest(offered[len("Bearer ") :].encode(), token.encode())
    if "HTTP_X_FORWARDED_FOR" in request.META or "HTTP_X_REAL_IP" in request.META:
        return False  # through nginx on the same host: REMOTE_ADDR is loopback for everyone
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


@never_cache
@require_GET
def healthz(request):
    """200 or 503; the report as JSON only to whoever may see it (may_see_health_details)."""
    healthy, report = health_report()
    status = 200 if healthy else 503
    if not may_see_health_details(request):
        return HttpResponse(
            "ok" if healthy else "degraded", content_type="text/plain", status=status
        )
    return JsonResponse(report, status=status)


@never_cache
@require_GET
def ping(request):
    """Liveness (the process answers); also the benchmark's trivial view."""
    return HttpResponse("ok", content_type="text/plain")
