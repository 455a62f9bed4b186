"""Who calls: a device token (`Authorization: Bearer cppcc_…`) or the web session (with its
CSRF check on writes). Either way the request runs as that user, in Chinese, and is counted
against the per-token limit (core.ratelimit)."""

from django.conf import settings
from django.utils import translation
from ninja.security import HttpBearer, SessionAuth
from ninja.throttling import BaseThrottle

from cppcc_portal.core import ratelimit

from . import tokens


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = tokens.authenticate(token)
        if found is None:
            return None
        request.user = found.user
        request.api_token = found
        translation.activate(settings.LANGUAGE_CODE)
        return found.user


class PortalSession(SessionAuth):
    def authenticate(self, request, key):
        if "HTTP_AUTHORIZATION" in request.META:
            return None  # a token was sent: it alone decides (a revoked one is a 401)
        user = super().authenticate(request, key)
        if user is not None:
            translation.activate(settings.LANGUAGE_CODE)
        return user


class PerToken(BaseThrottle):
    """settings.RATE_LIMITS["api"] requests per window for each token; a web session counts
    per user."""

    def allow_request(self, request) -> bool:
        token = getattr(request, "api_token", None)
        key = f"token:{token.pk}" if token is not None else f"user:{request.user.pk}"
        return ratelimit.hit("api", key)

    def wait(self):
        return ratelimit.limits("api")[1]


AUTH = [TokenAuth(), PortalSession()]
THROTTLE = [PerToken()]
