"""The public pages (no login): no personal data, the residents' form, its receipt and lookup, its limits."""

import re

import pytest
from django.urls import reverse

from stations.models import Opinion
from tests.factories import MemberFactory

from ..factories import ActivityFactory, AssignmentFactory, StationFactory

pytestmark = pytest.mark.django_db


def test_public_pages_need_no_login_and_show_no_personal_data(client, station, opinion):
    member = MemberFactory(
        name="公开委员", phone="13912345678", id_number="120222198001011234", work_unit="秘密单位"
    )
    AssignmentFactory(station=station, member=member)
    ActivityFactory(station=station, title="下周接待日", date="2099-01-01")
    for url in [
        reverse("stations:public_directory"),
        reverse("stations:public_station", args=[station.pk]),
    ]:
        response = client.get(url)
        content = response.content.decode()
        assert response.status_code == 200
        assert "公开委员" in content and member.sector.name in content and "下周接待日" in content
        assert "13912345678" not in content and "120222198001011234" not in content
        assert "秘密单位" not in content and "13700001111" not in content
        assert not re.search(r"1[3-9]\d{9}", content), "no phone number on a public page"


def test_public_opinion_receipt_and_lookup(client, station):
    url = reverse("stations:public_station", args=[station.pk])
    response = client.post(
        url,
        {
            "category": "transport",
            "content": "公交站太远，希望增设站点。",
            "resident_contact": "13600001234",
        },
    )
    assert response.status_code == 200
    code = response.context["code"]
    opinion = Opinion.objects.get(receipt_code=code)
    assert opinion.source == Opinion.Source.PUBLIC and opinion.resident_contact == "13600001234"
    lookup = client.get(reverse("stations:public_lookup"), {"code": code.lower()})
    content = lookup.content.decode()
    assert "已受理" in content and "13600001234" not in content
    missing = client.get(reverse("stations:public_lookup"), {"code": "ZZZZZZZZZZ"})
    assert missing.status_code == 200 and missing.context["opinion"] is None


def test_public_form_limits_and_honeypot(client, station):
    url = reverse("stations:public_station", args=[station.pk])
    too_long = client.post(url, {"category": "other", "content": "长" * 1001})
    assert too_long.status_code == 200 and too_long.context["form"].errors
    bot = client.post(url, {"category": "other", "content": "我是机器人发的广告", "website": "x"})
    assert bot.status_code == 200 and "code" not in bot.context
    assert not Opinion.objects.exists()


def test_two_hundred_rapid_submissions_are_throttled(client, station):
    url = reverse("stations:public_station", args=[station.pk])
    codes = [
        client.post(
            url,
            {"category": "other", "content": f"第{i}条意见内容"},
            REMOTE_ADDR="203.0.113.9",
        ).status_code
        for i in range(200)
    ]
    assert set(codes) == {200, 429}
    assert codes.count(200) == 5 and Opinion.objects.count() == 5
    throttled = client.post(
        url, {"category": "other", "content": "再来一条"}, REMOTE_ADDR="203.0.113.9"
    )
    assert throttled.status_code == 429 and "请稍后" in throttled.content.decode()
    # another address is not affected
    other = client.post(
        url, {"category": "other", "content": "另一位居民"}, REMOTE_ADDR="198.51.100.7"
    )
    assert other.status_code == 200 and Opinion.objects.count() == 6


def test_inactive_station_is_not_public(client):
    station = StationFactory(is_active=False)
    assert client.get(reverse("stations:public_station", args=[station.pk])).status_code == 404


def test_public_pages_pass_a_login_required_middleware(client, settings, station):
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "django.contrib.auth.middleware.LoginRequiredMiddleware",
    ]
    for url in [
        reverse("stations:public_directory"),
        reverse("stations:public_station", args=[station.pk]),
        reverse("stations:public_lookup"),
    ]:
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("stations:list")).status_code == 302
