"""After converting a resident's opinion, the opinion page and the success message link to the
report (or draft proposal) it made — only for who may open it, by the part's own visible_to
(issue 24 item 10.7)."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from cppcc_portal.accounts.roles import Role
from opinions.models import Report
from stations import selectors, services
from stations.models import Opinion
from stations.workflow import OpinionState
from tests.factories import MemberFactory

from ..factories import AssignmentFactory, OpinionFactory

pytestmark = pytest.mark.django_db
TITLE = "关于修复小区路灯的建议"
CONTENT = "小区路灯坏了很久，居民夜间出行不便，建议尽快维修。"


@pytest.fixture
def member_manager(make_user, station):
    """A station's instructor who is also a member assigned to it (the report in their name
    is theirs to open)."""
    user = make_user(Role.STATION_MANAGER, Role.MEMBER)
    member = MemberFactory(user=user, name="站内委员甲")
    AssignmentFactory(station=station, member=member)
    station.instructor = user
    station.save()
    return user


def _convert(client, opinion, member):
    return client.post(
        reverse("stations:opinion_action", args=[opinion.pk, "convert_report"]),
        {
            "version": opinion.version,
            "convert_report-member": member.pk,
            "convert_report-title": TITLE,
            "convert_report-content": CONTENT,
        },
        follow=True,
    )


def _messages(response):
    return list(get_messages(response.wsgi_request))


def test_the_converter_who_may_open_the_report_gets_the_link(client_for, member_manager, station):
    opinion = OpinionFactory(station=station)
    response = _convert(client_for(member_manager), opinion, member_manager.member)
    report = Report.objects.get(title=TITLE)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("stations:opinion_detail", args=[opinion.pk])
    # the message, with the link (kept as a link, not escaped)
    assert 'id="conversion-message-link"' in html
    assert f'href="{report.get_absolute_url()}"' in html
    assert "查看社情民意信息“关于修复小区路灯的建议”" in html
    # and the opinion page's own link
    assert 'id="conversion-link"' in html
    assert client_for(member_manager).get(report.get_absolute_url()).status_code == 200


def test_a_converter_who_may_not_open_it_gets_no_link(client_for, role_users, station):
    manager = role_users[Role.STATION_MANAGER]
    opinion = OpinionFactory(station=station)
    member = station.assignments.first().member
    response = _convert(client_for(manager), opinion, member)
    report = Report.objects.get(title=TITLE)
    html = response.content.decode()
    assert Opinion.objects.get(pk=opinion.pk).state == OpinionState.REPORTED
    messages = [str(m) for m in _messages(response)]
    assert messages == ["该意见已以委员名义转为社情民意信息。"]
    assert f'href="{report.get_absolute_url()}"' not in html
    assert "您无权查看" in html and "社情民意信息" in html
    assert client_for(manager).get(report.get_absolute_url()).status_code in (403, 404)


def test_conversion_for_follows_visible_to(role_users, member_manager, station):
    opinion = services.convert_to_report(
        actor=member_manager,
        opinion=OpinionFactory(station=station),
        member=member_manager.member,
        title=TITLE,
        content=CONTENT,
    )
    report = Report.objects.get(title=TITLE)
    assert selectors.conversion_for(member_manager, opinion)["target"] == report
    assert selectors.conversion_for(role_users[Role.LEADER], opinion)["target"] == report
    assert selectors.conversion_for(role_users[Role.OPINION_STAFF], opinion)["target"] == report
    for role in (Role.STATION_MANAGER, Role.LIAISON_STAFF, Role.MEMBER):
        made = selectors.conversion_for(role_users[role], opinion)
        assert made["target"] is None and made["kind"]
    assert selectors.conversion_for(member_manager, OpinionFactory(station=station)) is None


def test_a_draft_proposal_is_linked_only_for_its_member(role_users, member_manager, station):
    from tests.factories import SessionFactory

    SessionFactory()  # the draft goes into the current session
    opinion = services.convert_to_proposal(
        actor=member_manager,
        opinion=OpinionFactory(station=station),
        member=member_manager.member,
        title=TITLE,
        analysis=CONTENT,
        suggestions="尽快维修",
    )
    made = selectors.conversion_for(member_manager, opinion)
    assert made["target"] is not None and made["target"].title == TITLE
    # a draft stays its author's: leaders do not open it
    assert selectors.conversion_for(role_users[Role.LEADER], opinion)["target"] is None


def test_refusals_make_no_link(client_for, role_users, station):
    """Wrong role (liaison staff are no converters), bad input (no title), wrong state (closed):
    nothing is converted and no link is offered."""
    opinion = OpinionFactory(station=station)
    member = station.assignments.first().member
    assert _convert(client_for(role_users[Role.LIAISON_STAFF]), opinion, member).status_code == 403
    response = client_for(role_users[Role.STATION_MANAGER]).post(
        reverse("stations:opinion_action", args=[opinion.pk, "convert_report"]),
        {
            "convert_report-member": member.pk,
            "convert_report-title": " ",
            "convert_report-content": "x",
        },
    )
    assert (
        response.status_code == 400 and "conversion-message-link" not in response.content.decode()
    )
    Opinion.objects.filter(pk=opinion.pk).update(state=OpinionState.CLOSED)
    response = _convert(client_for(role_users[Role.STATION_MANAGER]), opinion, member)
    assert response.status_code in (400, 403)
    assert not Report.objects.filter(title=TITLE).exists()
    assert (
        selectors.conversion_for(role_users[Role.LEADER], Opinion.objects.get(pk=opinion.pk))
        is None
    )
