import pytest
from django.urls import reverse

from cppcc_portal.accounts.roles import Role
from stations import selectors
from tests.factories import MemberFactory

from .factories import OpinionFactory

pytestmark = pytest.mark.django_db


def _badges(client):
    """The menu badges the page loads after itself (dashboard nav_counts)."""
    response = client.get(reverse("nav_counts"))
    return [
        n
        for _id, n in response.context["counts"]
        if n
        and _id in {i["count_id"] for i in response.context["nav_items"] if "stations" in i["url"]}
    ]


def test_station_manager_home_shows_opinions_to_handle(client_for, role_users, station):
    OpinionFactory(station=station)
    OpinionFactory(station=station, state="resolved")
    OpinionFactory()  # another station's
    manager = role_users[Role.STATION_MANAGER]
    assert selectors.opinions_to_handle_count(manager) == 1
    response = client_for(manager).get(reverse("home"))
    content = response.content.decode()
    assert station.name in content and "条意见待办理" in content
    assert _badges(client_for(manager)) == [1]


def test_liaison_staff_home_shows_unassigned_members(client_for, role_users, station):
    MemberFactory(name="未进站委员")
    response = client_for(role_users[Role.LIAISON_STAFF]).get(reverse("home"))
    assert "名在任委员尚未进站" in response.content.decode()
    assert _badges(client_for(role_users[Role.LIAISON_STAFF])) == [selectors.unassigned_count()]


def test_members_and_units_get_no_station_sections(client_for, role_users):
    for role in (Role.MEMBER, Role.UNIT_LIAISON):
        content = client_for(role_users[role]).get(reverse("home")).content.decode()
        assert "我的联络站" not in content and "尚未进站" not in content
