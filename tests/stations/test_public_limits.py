"""The public pages' limits: the client address behind a proxy, and Redis down (issue 21)."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import reverse

from cppcc_portal.core.models import RateCounter

PROXY = "10.0.0.5"


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


def _post_opinion(client, station, **extra):
    url = reverse("stations:public_station", args=[station.pk])
    return client.post(url, {"category": "other", "content": "一条居民意见内容"}, **extra)


def test_forged_forwarded_for_does_not_escape_the_limit(client, station, settings):
    settings.RATE_LIMITS = {"opinion": (3, 3600)}
    codes = [
        _post_opinion(
            client, station, REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"198.51.100.{i}"
        ).status_code
        for i in range(6)
    ]
    assert codes == [200, 200, 200, 429, 429, 429]


def test_behind_a_trusted_proxy_each_resident_has_a_counter(client, station, behind_proxy):
    behind_proxy.RATE_LIMITS = {"opinion": (2, 3600)}
    first = [
        _post_opinion(
            client, station, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.1"
        ).status_code
        for _ in range(3)
    ]
    other = _post_opinion(client, station, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert first == [200, 200, 429] and other.status_code == 200


def test_redis_down_counts_in_postgresql_not_open(client, station, settings, redis_down):
    settings.RATE_LIMITS = {"opinion": (2, 3600)}
    codes = [
        _post_opinion(client, station, REMOTE_ADDR="203.0.113.9").status_code for _ in range(4)
    ]
    assert codes == [200, 200, 429, 429]
    assert RateCounter.objects.get().count == 4
    assert _post_opinion(client, station, REMOTE_ADDR="198.51.100.7").status_code == 200


def test_receipt_lookups_are_limited(client, db, settings):
    settings.RATE_LIMITS = {"lookup": (2, 600)}
    url = reverse("stations:public_lookup")
    codes = [client.get(url, {"code": "ABCD1234"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
