"""Who may see and act on which station's pages (every role), anonymous included."""

import pytest
from django.urls import reverse

from cppcc_portal.accounts.roles import STAFF_ROLES, Role
from stations.workflow import OpinionState

pytestmark = pytest.mark.django_db

ALL = [*Role.values, "none", "superuser"]
READERS = {*STAFF_ROLES, Role.LEADER, "superuser"}
PAGE_USERS = READERS | {Role.STATION_MANAGER}
ACTORS = {Role.LIAISON_STAFF, Role.STATION_MANAGER, "superuser"}


@pytest.mark.parametrize("role", ALL)
def test_station_pages_permissions(client_for, role_users, role, station, activity, opinion, photo):
    from stations.services import plan_visit_round

    visit_round = plan_visit_round(
        actor=role_users[Role.LIAISON_STAFF], station=station, year=2026, quarter=1
    )
    client = client_for(role_users[role])
    code = 200 if role in PAGE_USERS else 403
    for url in [
        reverse("stations:list"),
        reverse("stations:opinion_list"),
        reverse("stations:detail", args=[station.pk]),
        reverse("stations:export", args=[station.pk]),
        reverse("stations:report", args=[station.pk]),
        reverse("stations:activity_detail", args=[activity.pk]),
        reverse("stations:photo", args=[photo.pk]),
        reverse("stations:round_detail", args=[visit_round.pk]),
        reverse("stations:opinion_detail", args=[opinion.pk]),
    ]:
        assert client.get(url).status_code == code, url
    act = 200 if role in ACTORS else 403
    for url in [
        reverse("stations:activity_create", args=[station.pk]),
        reverse("stations:opinion_create", args=[station.pk]),
    ]:
        assert client.get(url).status_code == act, url
    response = client.post(
        reverse("stations:opinion_action", args=[opinion.pk, "start"]), {"start-note": "开始"}
    )
    assert response.status_code == (302 if role in ACTORS else 403)
    assert client.get(reverse("stations:unassigned")).status_code == (
        200 if role in {Role.LIAISON_STAFF, "superuser"} else 403
    )
    assert client.post(reverse("stations:assign_by_street")).status_code == (
        302 if role in {Role.LIAISON_STAFF, "superuser"} else 403
    )


def test_anonymous_is_sent_to_login(client, station):
    response = client.get(reverse("stations:detail", args=[station.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_station_head_cannot_touch_another_station(
    client_for, head_user, station, other_station, opinion, activity
):
    client = client_for(head_user)
    for url in [
        reverse("stations:detail", args=[station.pk]),
        reverse("stations:export", args=[station.pk]),
        reverse("stations:activity_create", args=[station.pk]),
        reverse("stations:opinion_create", args=[station.pk]),
        reverse("stations:opinion_detail", args=[opinion.pk]),
        reverse("stations:activity_detail", args=[activity.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("stations:opinion_action", args=[opinion.pk, "resolve"]), {"resolve-result": "x"}
    )
    assert response.status_code == 404
    response = client.post(reverse("stations:round_create", args=[station.pk]), {})
    assert response.status_code == 404
    opinion.refresh_from_db()
    assert opinion.state == OpinionState.RECEIVED
    # their own station works, and lists show only it
    assert client.get(reverse("stations:detail", args=[other_station.pk])).status_code == 200
    page = client.get(reverse("stations:list")).content.decode()
    assert other_station.name in page and station.name not in page
