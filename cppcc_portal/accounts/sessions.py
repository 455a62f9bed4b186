"""Sessions: an absolute lifetime besides the idle timeout, and the list of one's signed-in
browsers with "log out elsewhere".

SESSION_COOKIE_AGE (saved on every request) is the idle timeout; SESSION_ABSOLUTE_SECONDS
ends a session that long after its login however busy it has been. Each signed-in session
has a LoginSession row (browser, address, last seen) kept by the middleware.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.sessions.models import Session
from django.db import transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc_portal.core.client import client_address

from .models import LoginSession

SESSION_STARTED = "session_started_at"
SESSION_SEEN = "session_seen_at"
SEEN_EVERY = timedelta(minutes=1)


def absolute_lifetime() -> timedelta:
    return timedelta(seconds=getattr(settings, "SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60))


def _agent(request) -> str:
    return request.META.get("HTTP_USER_AGENT", "")[:255]


def on_login(request, user):
    """user_logged_in: stamp the session and register it."""
    session = getattr(request, "session", None)
    if session is None:
        return
    session[SESSION_STARTED] = session[SESSION_SEEN] = timezone.now().isoformat()
    if session.session_key is None:
        session.save()
    _register(request, user, started=timezone.now())


def _register(request, user, *, started):
    LoginSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "user_agent": _agent(request),
            "ip_address": client_address(request),
            "started_at": started,
            "last_seen": timezone.now(),
        },
    )


def on_logout(request, user):
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        LoginSession.objects.filter(session_key=session.session_key).delete()


def _stamp(request, name):
    stamp = request.session.get(name)
    try:
        return datetime.fromisoformat(stamp) if stamp else None
    except (TypeError, ValueError):
        return None


class SessionLifetimeMiddleware:
    """After AuthenticationMiddleware: log out a session past its absolute lifetime; keep
    its LoginSession row (re-keyed after a password change) and last-seen time."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if getattr(user, "is_authenticated", False):
            now = timezone.now()
            started = _stamp(request, SESSION_STARTED)
            if started is None:  # a session from before this rule: it starts now
                started = now
                request.session[SESSION_STARTED] = now.isoformat()
            if now - started > absolute_lifetime():
                logout(request)
                messages.info(request, _("Your session has ended: please log in again."))
                return redirect(settings.LOGIN_URL)
            self._seen(request, user, started, now)
        return self.get_response(request)

    @staticmethod
    def _seen(request, user, started, now):
        """At most once a minute (the time is kept in the session: no query otherwise)."""
        seen = _stamp(request, SESSION_SEEN)
        if seen is not None and now - seen < SEEN_EVERY:
            return
        request.session[SESSION_SEEN] = now.isoformat()
        key = request.session.session_key
        if key is None:
            request.session.save()
            key = request.session.session_key
        updated = LoginSession.objects.filter(session_key=key, user=user).update(
            last_seen=now, ip_address=client_address(request)
        )
        if not updated:  # re-keyed (a password change) or from before this rule
            _register(request, user, started=started)


def active_sessions(user):
    """The user's signed-in sessions that still exist in the session store, newest first;
    rows of sessions gone (expired, logged out) are dropped."""
    rows = list(LoginSession.objects.filter(user=user))
    alive = set(
        Session.objects.filter(
            session_key__in=[r.session_key for r in rows], expire_date__gt=timezone.now()
        ).values_list("session_key", flat=True)
    )
    gone = [r.pk for r in rows if r.session_key not in alive]
    if gone:
        LoginSession.objects.filter(pk__in=gone).delete()
    return [r for r in rows if r.session_key in alive]


@transaction.atomic
def log_out_elsewhere(*, request) -> int:
    """End every other session of the user; returns how many were ended."""
    from cppcc_portal.audit.models import Action
    from cppcc_portal.audit.services import audit

    current = request.session.session_key
    others = LoginSession.objects.filter(user=request.user).exclude(session_key=current)
    keys = list(others.values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    others.delete()
    if keys:
        audit(
            request=request,
            action=Action.LOGOUT,
            target=request.user,
            detail=_("logged out elsewhere: %(n)d sessions") % {"n": len(keys)},
        )
    return len(keys)
