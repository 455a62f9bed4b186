"""Sessions and headers (issue 21, item 4): absolute lifetime, "my sessions" with log out
elsewhere, CSRF cookie, Permissions-Policy, /healthz details."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cppcc_portal.accounts.models import LoginSession
from cppcc_portal.accounts.sessions import SESSION_SEEN, SESSION_STARTED
from cppcc_portal.audit.models import Action, AuditEntry
from tests.factories import PASSWORD


def _login(client, user, **extra):
    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}, **extra
    )
    assert response.status_code == 302
    return client


def _age_session(client, **delta):
    session = client.session
    session[SESSION_STARTED] = (timezone.now() - timedelta(**delta)).isoformat()
    session.save()


def test_a_session_ends_after_its_absolute_lifetime_however_busy(client, member_user, settings):
    settings.SESSION_ABSOLUTE_SECONDS = 3600
    _login(client, member_user)
    _age_session(client, minutes=59)
    assert client.get(reverse("profile")).status_code == 200
    _age_session(client, minutes=61)
    response = client.get(reverse("profile"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("profile")).status_code == 302
    assert not LoginSession.objects.filter(user=member_user).exists()


def test_idle_timeout_is_still_there(settings):
    assert settings.SESSION_COOKIE_AGE <= 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_ABSOLUTE_SECONDS > settings.SESSION_COOKIE_AGE


def test_my_sessions_lists_each_browser_and_logs_out_the_others(member_user, make_user):
    here = _login(Client(HTTP_USER_AGENT="Firefox on the office PC"), member_user)
    there = _login(Client(HTTP_USER_AGENT="Phone browser"), member_user, REMOTE_ADDR="192.0.2.8")
    stranger = _login(Client(), make_user("member"))
    page = here.get(reverse("session_list"))
    content = page.content.decode()
    assert page.status_code == 200
    assert "Firefox on the office PC" in content and "Phone browser" in content
    assert "192.0.2.8" in content and len(page.context["rows"]) == 2  # not the stranger's
    response = here.post(reverse("session_list"))
    assert response.status_code == 302
    assert there.get(reverse("profile")).status_code == 302  # logged out over there
    assert here.get(reverse("profile")).status_code == 200
    assert stranger.get(reverse("profile")).status_code == 200
    assert len(here.get(reverse("session_list")).context["rows"]) == 1
    entry = AuditEntry.objects.filter(action=Action.LOGOUT, user_id=member_user.pk).first()
    assert entry is not None and "1" in entry.detail


def test_sessions_gone_from_the_store_are_not_listed(member_user):
    here = _login(Client(), member_user)
    _login(Client(), member_user)
    Session.objects.exclude(session_key=here.session.session_key).delete()  # expired, say
    assert len(here.get(reverse("session_list")).context["rows"]) == 1
    assert LoginSession.objects.filter(user=member_user).count() == 1


def test_last_seen_is_written_at_most_once_a_minute(client, member_user):
    _login(client, member_user)
    long_ago = timezone.now() - timedelta(hours=1)
    LoginSession.objects.filter(user=member_user).update(last_seen=long_ago)
    client.get(reverse("profile"))  # seen a moment ago (at login): no write
    assert LoginSession.objects.get(user=member_user).last_seen == long_ago
    session = client.session
    session[SESSION_SEEN] = (timezone.now() - timedelta(minutes=5)).isoformat()
    session.save()
    client.get(reverse("profile"))
    assert timezone.now() - LoginSession.objects.get(user=member_user).last_seen < timedelta(
        minutes=1
    )


def test_session_list_needs_login(client, db):
    response = client.get(reverse("session_list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_csrf_cookie_is_http_only_and_the_page_carries_the_token(client, db, settings):
    assert settings.CSRF_COOKIE_HTTPONLY is True
    page = client.get(reverse("login"))
    assert page.cookies["csrftoken"]["httponly"]


def test_permissions_policy_header(client, db):
    response = client.get(reverse("login"))
    policy = response["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


@pytest.mark.parametrize(
    "extra, details",
    [
        ({"REMOTE_ADDR": "127.0.0.1"}, True),
        ({"REMOTE_ADDR": "::1"}, True),
        ({"REMOTE_ADDR": "203.0.113.9"}, False),
        ({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}, False),
        ({"REMOTE_ADDR": "203.0.113.9", "HTTP_AUTHORIZATION": "Bearer s3cret-probe"}, True),
        ({"REMOTE_ADDR": "203.0.113.9", "HTTP_AUTHORIZATION": "Bearer wrong"}, False),
        ({"REMOTE_ADDR": "127.0.0.1", "HTTP_AUTHORIZATION": "Bearer wrong"}, False),
    ],
)
def test_healthz_details_only_to_loopback_or_the_token(client, db, settings, extra, details):
    settings.HEALTHZ_TOKEN = "s3cret-probe"
    response = client.get("/healthz", **extra)
    assert response.status_code in (200, 503)
    if details:
        assert "checks" in response.json()
    else:
        assert response["Content-Type"].startswith("text/plain")
        assert response.content in (b"ok", b"degraded")


def test_healthz_without_a_token_configured_refuses_any_bearer(client, db, settings):
    settings.HEALTHZ_TOKEN = ""
    response = client.get("/healthz", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer ")
    assert response["Content-Type"].startswith("text/plain")
