"""Every stations page runs a constant number of queries whatever the data size."""

import pytest
from django.urls import reverse

from cppcc_portal.accounts.roles import Role

from ..factories import ActivityFactory, AssignmentFactory, OpinionFactory, StationFactory

pytestmark = pytest.mark.django_db


def _grow(station, n):
    for _ in range(n):
        AssignmentFactory(station=station)
        activity = ActivityFactory(station=station)
        activity.participants.add(station.assignments.last().member)
        OpinionFactory(station=station)
        StationFactory()


@pytest.mark.parametrize(
    "name,role",
    [
        ("list", Role.LIAISON_STAFF),
        ("detail", Role.LEADER),
        ("opinions", Role.STATION_MANAGER),
        ("opinion", Role.STATION_MANAGER),
        ("unassigned", Role.LIAISON_STAFF),
        ("public", None),
        ("public_station", None),
    ],
)
def test_query_counts_are_constant(
    client, client_for, role_users, station, name, role, django_assert_max_num_queries
):
    client = client_for(role_users[role]) if role else client
    first = OpinionFactory(station=station)

    def url():
        return {
            "list": reverse("stations:list"),
            "detail": reverse("stations:detail", args=[station.pk]),
            "opinions": reverse("stations:opinion_list"),
            "opinion": reverse("stations:opinion_detail", args=[first.pk]),
            "unassigned": reverse("stations:unassigned"),
            "public": reverse("stations:public_directory"),
            "public_station": reverse("stations:public_station", args=[station.pk]),
        }[name]

    _grow(station, 2)
    with django_assert_max_num_queries(30):
        assert client.get(url()).status_code == 200
    _grow(station, 15)
    with django_assert_max_num_queries(30):
        assert client.get(url()).status_code == 200
