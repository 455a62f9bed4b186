"""The public pages (no login): only disclosed proposals and replies, never personal data or
an internal comment, filters and Chinese search, the yearly figures, open data, the cache
stamp, the throttle, a constant query count."""

import csv
import io
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from proposals import services
from proposals.models import Proposal

from .public_fixtures import SECRETS, make_proposal, public_record

pytestmark = pytest.mark.django_db

PAGES = ("public:proposals", "public:figures", "public:open_list_csv", "public:open_list_json")
PAGES += ("public:open_figures_csv", "public:open_figures_json")


@pytest.fixture
def record(member_user, staff, session, category, liaison, cosigner_users):
    return public_record(
        member_user=member_user,
        staff=staff,
        session=session,
        category=category,
        liaison=liaison,
        cosigner_user=cosigner_users[0],
    )


def _text(response):
    return response.content.decode("utf-8")


def _all_public_text(client, record):
    urls = [reverse(n) for n in PAGES]
    urls.append(reverse("public:proposal", args=[record["shown"].pk]))
    texts = []
    for url in urls:
        r = client.get(url)
        assert r.status_code == 200, url
        texts.append(_text(r))
    return "\n".join(texts)


def test_the_list_shows_only_disclosed_proposals(client, record):
    text = _text(client.get(reverse("public:proposals")))
    assert "关于完善社区养老服务的建议" in text
    assert "关于老旧小区停车难的建议" not in text  # staff refused
    assert "关于河道治理的建议" not in text  # the proposer did not agree
    assert record["shown"].number_display in text


def test_the_page_shows_the_text_reply_category_unit_and_proposers(client, record):
    text = _text(client.get(reverse("public:proposal", args=[record["shown"].pk])))
    for shown in ("现状分析：关于完善社区养老服务的建议", "具体建议：", "复文：增设养老驿站"):
        assert shown in text
    assert "区卫健委" in text and "B" in text and "社会建设" in text
    assert "医卫界" in text and "李联名" in text and "教育界" in text


@pytest.mark.parametrize("which", ["refused", "private"])
def test_a_proposal_not_disclosed_is_not_found(client, record, which):
    assert client.get(reverse("public:proposal", args=[record[which].pk])).status_code == 404


def test_no_personal_data_and_no_internal_comment_anywhere(client, record):
    text = _all_public_text(client, record)
    assert "关于完善社区养老服务的建议" in text  # the pages were read …
    for name, secret in SECRETS.items():  # … and none of these is on them
        assert secret not in text, name


def test_a_withheld_reply_leaves_the_page(client, record, liaison, staff):
    reply = record["shown"].replies.get()
    services.object_to_reply_disclosure(
        actor=liaison, reply=reply, version=reply.version, reason="涉及在办事项"
    )
    reply.refresh_from_db()
    services.decide_reply_disclosure(
        actor=staff, reply=reply, version=reply.version, decision="withhold", reason="同意"
    )
    text = _text(client.get(reverse("public:proposal", args=[record["shown"].pk])))
    assert "复文：增设养老驿站" not in text and "涉及在办事项" not in text
    assert "关于完善社区养老服务的建议" in text


def test_search_in_chinese_and_filters(client, record, session, category):
    url = reverse("public:proposals")
    assert "养老服务" in _text(client.get(url, {"q": "养老"}))
    assert "养老服务" not in _text(client.get(url, {"q": "停车"}))
    assert "养老服务" in _text(client.get(url, {"year": session.year}))
    assert "养老服务" in _text(client.get(url, {"session": session.pk}))
    assert "养老服务" in _text(client.get(url, {"category": category.pk}))
    assert "养老服务" in _text(client.get(url, {"unit": record["unit"].pk}))


def test_a_filter_not_offered_is_an_error_not_a_500(client, record):
    r = client.get(reverse("public:proposals"), {"unit": "999999", "year": "abc", "page": "x"})
    assert r.status_code == 200
    assert "invalid-feedback" in _text(r)


def test_a_refusal_after_approval_empties_the_cached_list(client, record, staff):
    url = reverse("public:proposals")
    assert "养老服务" in _text(client.get(url))
    services.review_disclosure(
        actor=staff, proposal=record["shown"], decision="refuse", reason="撤回公开"
    )
    assert "养老服务" not in _text(client.get(url))


def test_a_second_read_comes_from_the_cache(client, record):
    url = reverse("public:proposals")
    client.get(url)
    with CaptureQueriesContext(connection) as second:
        assert client.get(url).status_code == 200
    assert len(second.captured_queries) <= 3, [q["sql"] for q in second.captured_queries]


def _list_queries(client):
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("public:proposals")).status_code == 200
    return len(ctx.captured_queries)


def test_the_list_reads_in_a_constant_number_of_queries(
    client, record, member_user, staff, session, category, liaison
):
    few = _list_queries(client)
    for i in range(4):
        p = make_proposal(
            member_user=member_user,
            staff=staff,
            session=session,
            category=category,
            title=f"关于第{i}项民生实事的建议",
        )
        services.review_disclosure(actor=staff, proposal=p, decision="approve")
    assert Proposal.objects.filter(disclosure="approved").count() == 5
    assert _list_queries(client) == few


def test_the_figures_count_every_proposal(client, record, session):
    data = json.loads(client.get(reverse("public:open_figures_json")).content)
    year = next(y for y in data["years"] if y["year"] == session.year)
    assert (year["submitted"], year["registered"], year["replied"]) == (3, 3, 1)
    assert (year["b"], year["b_share"], year["a_share"]) == (1, 100.0, 0.0)
    text = _text(client.get(reverse("public:figures")))
    assert "public-chart" in text and "echarts.portal.js" in text


def test_open_data_csv_and_json(client, record):
    body = _text(client.get(reverse("public:open_list_csv"))).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][0] == "proposal number" and len(rows) == 2
    assert rows[1][1] == "关于完善社区养老服务的建议"
    data = json.loads(client.get(reverse("public:open_list_json"), {"q": "养老"}).content)
    assert [p["title"] for p in data["proposals"]] == ["关于完善社区养老服务的建议"]
    assert data["proposals"][0]["url"].endswith(f"/public/proposals/{record['shown'].pk}/")
    figures = _text(client.get(reverse("public:open_figures_csv"))).lstrip("\ufeff")
    assert figures.splitlines()[0].startswith("year,submitted,registered,replied")


def test_throttled_per_client_address(client, record, settings):
    settings.RATE_LIMITS = {"public_pages": (3, 60)}
    url = reverse("public:proposals")
    codes = [client.get(url, REMOTE_ADDR="203.0.113.7").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    # a forged X-Forwarded-For from an untrusted peer is not believed
    forged = client.get(url, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert forged.status_code == 429
    assert client.get(url, REMOTE_ADDR="203.0.113.8").status_code == 200


def test_hostile_filters_never_break_the_public_list(client, record, settings):
    from tests.badinput import assert_survives_bad_input

    settings.RATE_LIMITS = {"public_pages": (100_000, 60)}
    for url in (reverse("public:proposals"), reverse("public:open_list_json")):
        assert_survives_bad_input(
            client,
            url,
            ["q", "year", "session", "category", "unit", "page"],
            method="get",
            max_examples=10,
        )


def test_the_list_is_paginated(client, record, member_user, staff, session, category, monkeypatch):
    from proposals.public import views

    monkeypatch.setattr(views, "PER_PAGE", 2)
    for title in ("关于甲事项的建议", "关于乙事项的建议"):
        p = make_proposal(
            member_user=member_user, staff=staff, session=session, category=category, title=title
        )
        services.review_disclosure(actor=staff, proposal=p, decision="approve")
    url = reverse("public:proposals")
    first, second = _text(client.get(url)), _text(client.get(url, {"page": "2"}))
    titles = ("关于完善社区养老服务的建议", "关于甲事项的建议", "关于乙事项的建议")
    assert sum(t in first for t in titles) == 2 and sum(t in second for t in titles) == 1
    assert "1 / 2" in first and "2 / 2" in second
    assert _text(client.get(url, {"page": "99"})).count("2 / 2") == 1  # the nearest page
