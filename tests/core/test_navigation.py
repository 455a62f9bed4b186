"""Navigation by role: every entry a user is offered opens for them (nobody is sent to a 403),
staff and leaders get the grouped sidebar, members the phone tab bar."""

import pytest
from django.test import RequestFactory

from cppcc_portal.accounts.roles import Role, user_roles
from cppcc_portal.core import navigation

pytestmark = pytest.mark.django_db


def _items(user, path="/"):
    request = RequestFactory().get(path)
    request.user = user
    return navigation.navigation_for(request, user_roles(user))


@pytest.mark.parametrize("who", [*Role.values, "superuser"])
def test_every_entry_offered_opens(role_users, client, who):
    user = role_users[who]
    client.force_login(user)
    items = _items(user)
    assert items, f"{who} is offered no entry at all"
    for item in items:
        response = client.get(item["url"])
        assert response.status_code == 200, f"{who}: {item['label']} {item['url']}"


def test_superuser_without_a_member_record_is_not_offered_a_members_own_pages(role_users):
    urls = {i["url"] for i in _items(role_users["superuser"])}
    assert "/proposals/mine/" not in urls and "/members/duty/" not in urls


@pytest.mark.parametrize("who", [Role.PROPOSAL_STAFF, Role.LIAISON_STAFF, Role.LEADER])
def test_staff_and_leaders_work_from_a_grouped_sidebar(role_users, client, who):
    client.force_login(role_users[who])
    html = client.get("/").content.decode()
    assert 'id="sidebar"' in html and "sidebar-heading" in html
    assert 'id="mainnav"' not in html  # the entries are not in the top bar twice
    assert "工作台" in html


def test_sidebar_groups_follow_the_order_and_leave_empty_ones_out(role_users):
    groups = navigation.grouped(_items(role_users[Role.PROPOSAL_STAFF]))
    labels = [str(label) for label, _entries in groups]
    order = [str(v) for v in navigation.GROUPS.values()]
    assert labels == [label for label in order if label in labels]
    assert all(entries for _label, entries in groups)
    assert labels[0] == "工作台"


def test_member_gets_the_phone_tab_bar_and_the_top_bar(member_user, client):
    client.force_login(member_user)
    html = client.get("/").content.decode()
    assert 'class="portal-tabs' in html and 'id="mainnav"' in html
    assert 'id="sidebar"' not in html
    tabs = navigation.tabs(_items(member_user))
    assert [str(t["label"]) for t in tabs] == ["首页", "提案", "社情民意", "会议", "我的"]
    assert tabs[0]["active"] and not any(t["active"] for t in tabs[1:])


def test_unit_liaison_gets_neither_sidebar_nor_tabs(role_users, client):
    client.force_login(role_users[Role.UNIT_LIAISON])
    html = client.get("/").content.decode()
    assert 'id="sidebar"' not in html and "portal-tabs" not in html
