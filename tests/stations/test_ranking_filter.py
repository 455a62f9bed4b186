"""The duty ranking filtered by liaison station (a filter stations contributes to members)."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cppcc_portal.accounts.roles import Role
from members import selectors
from members.forms import RankingFilterForm
from members.models import DutyKind
from tests.factories import MemberFactory
from tests.members.factories import add_record

from .factories import AssignmentFactory, StationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def layout(term):
    """Two stations: two members at the first (one with points), one at the second (the top
    scorer overall), one who left the first for the second, one with no station."""
    here, there = StationFactory(name="杨村街委员联络站"), StationFactory(name="下朱庄街委员联络站")
    today = timezone.localdate()
    ones = {}
    for name, station in [("驻站甲", here), ("驻站乙", here), ("他站丙", there)]:
        ones[name] = MemberFactory(name=name)
        AssignmentFactory(station=station, member=ones[name])
    ones["离站丁"] = MemberFactory(name="离站丁")
    AssignmentFactory(
        station=here,
        member=ones["离站丁"],
        since=today - timedelta(days=400),
        until=today - timedelta(days=10),
    )
    AssignmentFactory(station=there, member=ones["离站丁"], since=today - timedelta(days=9))
    ones["无站戊"] = MemberFactory(name="无站戊")
    add_record(ones["驻站甲"], DutyKind.SPEECH)
    add_record(ones["他站丙"], DutyKind.PROPOSAL_FIRST)
    add_record(ones["离站丁"], DutyKind.PROPOSAL_FIRST)
    return here, there, ones


def _names(rows):
    return [m.name for m in rows]


def test_selectors_keep_only_the_stations_open_assignments(role_users, layout):
    here, there, _ones = layout
    leader = role_users[Role.LEADER]
    ranked = selectors.duty_ranking_list(leader, year=2026, station=here.pk)
    assert ranked.count() == 2 and _names(ranked[0:10]) == ["驻站甲", "驻站乙"]
    ranked = selectors.duty_ranking_list(leader, year=2026, station=there.pk)
    assert set(_names(ranked[0:10])) == {"他站丙", "离站丁"}
    inactive = selectors.duty_ranking(leader, year=2026, station=here.pk, inactive=True)
    assert _names(inactive) == ["驻站乙"]
    everyone = selectors.duty_ranking_list(leader, year=2026, station=None)
    assert everyone.count() == 5 + 1  # and role_users' member


def test_the_form_offers_active_stations_after_post(layout):
    here, _there, _ones = layout
    closed = StationFactory(name="已撤销联络站", is_active=False)
    form = RankingFilterForm({"station": str(here.pk)})
    assert list(form.fields).index("station") == list(form.fields).index("post") + 1
    choices = form.fields["station"].queryset
    assert here in choices and closed not in choices
    assert form.filters(2026)["station"] == here.pk
    assert RankingFilterForm({"station": str(closed.pk)}).filters(2026) == {"year": 2026}
    assert RankingFilterForm({}).filters(2026)["station"] is None


def test_ranking_page_and_export_honour_the_station(client_for, role_users, layout):
    here, _there, _ones = layout
    client = client_for(role_users[Role.LEADER])
    html = client.get(reverse("members:duty_ranking") + f"?station={here.pk}").content.decode()
    assert "驻站甲" in html and "驻站乙" in html
    for name in ("他站丙", "离站丁", "无站戊"):
        assert name not in html
    assert f'<option value="{here.pk}" selected>' in html
    assert f"station={here.pk}" in html  # the export link keeps the filter
    response = client.get(reverse("members:duty_ranking_export") + f"?station={here.pk}")
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert [r[2] for r in rows[1:]] == ["驻站甲", "驻站乙"]
    response = client.get(reverse("members:duty_ranking_export"))
    assert len(list(load_workbook(io.BytesIO(response.content)).active.values)) == 1 + 6
    inactive = client.get(reverse("members:duty_inactive") + f"?station={here.pk}")
    assert "驻站乙" in inactive.content.decode() and "无站戊" not in inactive.content.decode()


@pytest.mark.parametrize("size", [3, 40])
def test_station_filter_query_count_is_constant(
    client_for, role_users, term, size, django_assert_max_num_queries
):
    from tests.members.test_duty_views import RANKING_QUERIES

    station = StationFactory()
    for i in range(size):
        member = MemberFactory()
        AssignmentFactory(station=station if i % 2 else StationFactory(), member=member)
        add_record(member, DutyKind.SPEECH)
    client = client_for(role_users[Role.LEADER])
    for url in ("members:duty_ranking", "members:duty_inactive"):
        with django_assert_max_num_queries(RANKING_QUERIES):
            response = client.get(reverse(url) + f"?station={station.pk}&sector=")
        assert response.status_code == 200
    assert len(response.context["page"]) == 0  # everyone at the station has a record
    response = client.get(reverse("members:duty_ranking") + f"?station={station.pk}")
    assert len(response.context["page"]) == size // 2
