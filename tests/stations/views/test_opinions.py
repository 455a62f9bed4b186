"""A resident's opinion page: the contact masked outside staff, the steps through the page."""

import pytest
from django.urls import reverse

from cppcc_portal.accounts.roles import Role
from stations.workflow import OpinionState

pytestmark = pytest.mark.django_db


def test_contact_is_masked_outside_staff(client_for, role_users, opinion):
    staff = client_for(role_users[Role.LIAISON_STAFF]).get(
        reverse("stations:opinion_detail", args=[opinion.pk])
    )
    assert "13700001111" in staff.content.decode()
    manager = client_for(role_users[Role.STATION_MANAGER]).get(
        reverse("stations:opinion_detail", args=[opinion.pk])
    )
    content = manager.content.decode()
    assert "13700001111" not in content and "137****1111" in content


def test_opinion_actions_through_the_page(client_for, role_users, station, opinion):
    client = client_for(role_users[Role.STATION_MANAGER])
    url = reverse("stations:opinion_action", args=[opinion.pk, "resolve"])
    assert client.post(url, {"resolve-result": ""}).status_code == 400
    assert client.post(url, {"resolve-result": "已修复"}).status_code == 302
    opinion.refresh_from_db()
    assert opinion.state == OpinionState.RESOLVED
    # a stale second click is refused with a message, not an error
    response = client.post(url, {"resolve-result": "再次"})
    assert response.status_code == 400
    assert "刷新" in response.content.decode()
    assert (
        client.post(reverse("stations:opinion_action", args=[opinion.pk, "bogus"])).status_code
        == 404
    )
