"""A resident's opinion page: the contact masked outside staff, the steps through the page."""

import pytest
from django.urls import reverse

from cppcc_portal.accounts.roles import Role
from stations.models import Opinion
from stations.workflow import OpinionState
from tests.stations.factories import OpinionFactory

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


def test_the_page_offers_the_steps_of_the_state_and_posts_its_version(
    client_for, role_users, opinion
):
    client = client_for(role_users[Role.STATION_MANAGER])
    page = client.get(reverse("stations:opinion_detail", args=[opinion.pk])).content.decode()
    for step in ("start", "resolve", "refer", "convert_report", "convert_proposal"):
        assert f'id="act-{step}"' in page and f'data-action="{step}"' in page
    assert 'id="act-close"' not in page and 'id="act-answer"' not in page
    assert page.count('name="version" value="0"') == 5
    Opinion.objects.filter(pk=opinion.pk).update(state=OpinionState.CLOSED)
    page = client.get(reverse("stations:opinion_detail", args=[opinion.pk])).content.decode()
    assert "data-action=" not in page and "该意见已办结" in page


def test_a_page_built_before_someone_elses_write_is_refused_with_a_reload(
    client_for, role_users, station, opinion
):
    client = client_for(role_users[Role.STATION_MANAGER])
    url = reverse("stations:opinion_action", args=[opinion.pk, "start"])
    Opinion.objects.filter(pk=opinion.pk).update(version=1)  # someone saved meanwhile
    response = client.post(url, {"version": 0, "start-note": "开始"})
    assert response.status_code == 400 and "刷新" in response.content.decode()
    assert Opinion.objects.get(pk=opinion.pk).state == OpinionState.RECEIVED
    assert client.post(url, {"version": 1, "start-note": "开始"}).status_code == 302
    assert Opinion.objects.get(pk=opinion.pk).version == 2


def test_a_step_the_role_may_not_take_is_forbidden(client_for, role_users, station, opinion):
    """Liaison staff act on every station, but the social-opinion part does not admit them
    as converters."""
    member = station.assignments.first().member
    response = client_for(role_users[Role.LIAISON_STAFF]).post(
        reverse("stations:opinion_action", args=[opinion.pk, "convert_report"]),
        {
            "convert_report-member": member.pk,
            "convert_report-title": "t",
            "convert_report-content": "c",
        },
    )
    assert response.status_code == 403
    assert Opinion.objects.get(pk=opinion.pk).state == OpinionState.RECEIVED


def test_a_step_with_bad_input_comes_back_open_with_the_error(client_for, role_users, opinion):
    client = client_for(role_users[Role.STATION_MANAGER])
    url = reverse("stations:opinion_action", args=[opinion.pk, "resolve"])
    response = client.post(url, {"resolve-result": "   "})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="act-resolve" class="accordion-collapse collapse show"' in page
    assert 'id="act-start" class="accordion-collapse collapse"' in page
    assert Opinion.objects.get(pk=opinion.pk).state == OpinionState.RECEIVED


def test_a_converted_opinion_links_to_the_report_it_made(client_for, role_users, station):
    from stations import services

    manager = role_users[Role.STATION_MANAGER]
    opinion = services.convert_to_report(
        actor=manager,
        opinion=OpinionFactory(station=station),
        member=station.assignments.first().member,
        title="关于修复小区路灯的建议",
        content="小区路灯坏了很久，居民夜间出行不便，建议尽快维修。",
    )
    # the station's instructor may not open the member's report: named, not linked
    html = client_for(manager).get(f"/stations/opinions/{opinion.pk}/").content.decode()
    assert "已转为" in html and "社情民意信息" in html
    assert f'href="{opinion.conversion.get_absolute_url()}"' not in html
    # a leader may open it: linked
    html = client_for(role_users[Role.LEADER]).get(f"/stations/opinions/{opinion.pk}/")
    html = html.content.decode()
    assert f'href="{opinion.conversion.get_absolute_url()}"' in html
    assert "关于修复小区路灯的建议" in html
