"""One client address and one rate limiter for the whole portal (issue 21, item 1)."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from cppcc_portal.audit.models import Action, AuditEntry
from cppcc_portal.core import ratelimit
from cppcc_portal.core.client import client_address
from cppcc_portal.core.models import RateCounter
from tests.factories import PASSWORD

PROXY = "10.0.0.5"
factory = RequestFactory()


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    return settings


@pytest.fixture
def redis_down():
    """Every cache call fails as it does with Redis stopped."""
    error = ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    with (
        mock.patch.object(cache, "add", side_effect=error),
        mock.patch.object(cache, "incr", side_effect=error),
        mock.patch.object(cache, "set", side_effect=error),
    ):
        yield


def test_forwarded_for_from_an_untrusted_peer_is_ignored(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    forged = factory.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert client_address(forged) == "203.0.113.9"


def test_forwarded_for_from_a_trusted_network_names_the_client(behind_proxy):
    request = factory.get(
        "/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.1, 10.0.0.7"
    )
    assert client_address(request) == "198.51.100.1"  # right-most hop not itself a proxy
    assert client_address(factory.get("/", REMOTE_ADDR=PROXY)) == PROXY


def test_audit_and_axes_use_the_same_rule(behind_proxy):
    from axes.helpers import get_client_ip_address

    from cppcc_portal.audit.services import client_ip

    request = factory.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert client_ip(request) == get_client_ip_address(request) == "198.51.100.1"


def test_database_counter_starts_again_after_its_window(db, redis_down):
    assert ratelimit.hit("lookup", "a") is True
    RateCounter.objects.update(count=10_000)
    assert ratelimit.hit("lookup", "a") is False
    RateCounter.objects.update(window_ends="2000-01-01T00:00:00Z")
    assert ratelimit.hit("lookup", "a") is True
    assert RateCounter.objects.get().count == 1


def test_password_reset_is_limited_per_address(client, member_user, settings):
    settings.RATE_LIMITS = {"password_reset": (2, 3600)}
    url = reverse("password_reset")
    codes = [client.post(url, {"email": member_user.email}).status_code for _ in range(3)]
    assert codes == [302, 302, 429]
    assert 'id="throttled"' in client.post(url, {"email": "x@example.com"}).content.decode()


def test_login_is_limited_per_account_whatever_the_address(client, member_user, settings):
    settings.RATE_LIMITS = {"login_account": (2, 900)}
    settings.AXES_FAILURE_LIMIT = 100
    url = reverse("login")
    for i in range(2):
        client.post(
            url,
            {"username": member_user.username.upper(), "password": "wrong"},
            REMOTE_ADDR=f"198.51.100.{i}",
        )
    refused = client.post(
        url, {"username": member_user.username, "password": PASSWORD}, REMOTE_ADDR="192.0.2.1"
    )
    assert refused.status_code == 429 and 'id="throttled"' in refused.content.decode()


def test_login_is_limited_per_address(client, member_user, settings):
    settings.RATE_LIMITS = {"login_address": (2, 900)}
    settings.AXES_FAILURE_LIMIT = 100
    url = reverse("login")
    for name in ("a", "b"):
        client.post(url, {"username": name, "password": "wrong"}, REMOTE_ADDR="203.0.113.9")
    refused = client.post(
        url, {"username": member_user.username, "password": PASSWORD}, REMOTE_ADDR="203.0.113.9"
    )
    assert refused.status_code == 429
    elsewhere = client.post(
        url, {"username": member_user.username, "password": PASSWORD}, REMOTE_ADDR="192.0.2.1"
    )
    assert elsewhere.status_code == 302


def test_two_factor_attempts_are_limited(client, make_user, settings):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.REQUIRE_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.TWO_FACTOR_MAX_FAILURES = 100
    settings.RATE_LIMITS = {"two_factor": (2, 900)}
    user = make_user("proposal_staff")
    TOTPDevice.objects.create(user=user, name="TOTP", confirmed=True)
    client.force_login(user)
    url = reverse("two_factor")
    codes = [client.post(url, {"token": "000000"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


# --- django-axes: per account and per address, with the real client address ----------


def _fail(client, username, **extra):
    return client.post(reverse("login"), {"username": username, "password": "wrong"}, **extra)


def test_axes_locks_the_forging_address_not_the_forged_one(client, member_user, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    for i in range(settings.AXES_FAILURE_LIMIT):
        _fail(client, f"guess{i}", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"1.1.1.{i}")
    locked = client.post(
        reverse("login"),
        {"username": member_user.username, "password": PASSWORD},
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR="1.1.1.200",
    )
    assert locked.status_code == 429 and "锁定" in locked.content.decode()
    assert AuditEntry.objects.filter(action=Action.LOCKED_OUT, ip_address="203.0.113.9").exists()


def test_axes_behind_the_proxy_does_not_lock_the_neighbours(client, member_user, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    for i in range(settings.AXES_FAILURE_LIMIT):
        _fail(client, f"guess{i}", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.66")
    neighbour = client.post(
        reverse("login"),
        {"username": member_user.username, "password": PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.1",
    )
    assert neighbour.status_code == 302
    entry = AuditEntry.objects.filter(action=Action.LOGIN_FAILED).first()
    assert entry.ip_address == "198.51.100.66"


def test_axes_locks_an_account_tried_from_many_addresses(client, member_user, settings):
    for i in range(settings.AXES_FAILURE_LIMIT):
        _fail(client, member_user.username, REMOTE_ADDR=f"198.51.100.{i}")
    locked = client.post(
        reverse("login"),
        {"username": member_user.username, "password": PASSWORD},
        REMOTE_ADDR="192.0.2.1",
    )
    assert locked.status_code == 429 and "锁定" in locked.content.decode()
