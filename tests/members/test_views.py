import pytest
from django.core.cache import cache
from django.urls import reverse

from cppcc_portal.accounts.roles import Role
from tests.factories import CommitteeMembershipFactory, MemberFactory

REGISTRY = {
    Role.PROPOSAL_STAFF,
    Role.OPINION_STAFF,
    Role.CONSULTATION_STAFF,
    Role.LIAISON_STAFF,
    Role.LEADER,
    "superuser",
}
STAFF = {
    Role.PROPOSAL_STAFF,
    Role.OPINION_STAFF,
    Role.CONSULTATION_STAFF,
    Role.LIAISON_STAFF,
    "superuser",
}
ALL = [*Role.values, "none", "superuser"]


@pytest.fixture
def other_member(db):
    return MemberFactory(name="李另一位", phone="13900009999", id_number="120222198001019999")


@pytest.mark.parametrize("role", ALL)
def test_member_list_permissions(client_for, role_users, role, other_member):
    response = client_for(role_users[role]).get(reverse("members:list"))
    assert response.status_code == (200 if role in REGISTRY else 403)
    if response.status_code == 200:
        assert "李另一位" in response.content.decode()


@pytest.mark.parametrize("role", ALL)
def test_member_export_permissions(client_for, role_users, role, other_member):
    response = client_for(role_users[role]).get(reverse("members:export"))
    assert response.status_code == (200 if role in REGISTRY else 403)


@pytest.mark.parametrize("role", ALL)
def test_member_import_permissions(client_for, role_users, role):
    response = client_for(role_users[role]).get(reverse("members:import"))
    assert response.status_code == (200 if role in STAFF else 403)
    response = client_for(role_users[role]).get(reverse("members:import_template"))
    assert response.status_code == (200 if role in STAFF else 403)


@pytest.mark.parametrize("role", ALL)
def test_member_detail_permissions_and_masking(client_for, role_users, role, other_member):
    response = client_for(role_users[role]).get(reverse("members:detail", args=[other_member.pk]))
    if role not in REGISTRY:
        assert response.status_code == 404  # a member cannot even learn that another record exists
        return
    content = response.content.decode()
    assert response.status_code == 200
    if role in STAFF:
        assert "13900009999" in content
    else:
        assert "13900009999" not in content and "139****9999" in content
        assert "120222198001019999" not in content


def test_member_sees_own_record_unmasked(client_for, member_user):
    member = member_user.member
    response = client_for(member_user).get(reverse("members:detail", args=[member.pk]))
    assert response.status_code == 200
    assert member.phone in response.content.decode()


def test_export_leaves_out_id_numbers_and_phones_for_leaders(client_for, role_users, other_member):
    import io

    from openpyxl import load_workbook

    response = client_for(role_users[Role.LEADER]).get(reverse("members:export"))
    wb = load_workbook(io.BytesIO(response.content))
    values = {str(c.value) for row in wb.active.iter_rows() for c in row}
    assert "身份证号" not in values and "手机" not in values
    assert "13900009999" not in values and "李另一位" in values
    response = client_for(role_users[Role.LIAISON_STAFF]).get(reverse("members:export"))
    values = {
        str(c.value)
        for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()
        for c in row
    }
    assert "13900009999" in values and "120222198001019999" not in values


def test_list_filters_and_search(client_for, role_users, other_member):
    client = client_for(role_users[Role.LIAISON_STAFF])
    response = client.get(reverse("members:list"), {"q": "另一"})
    assert list(response.context["page"]) == [other_member]
    response = client.get(
        reverse("members:list"), {"sector": other_member.sector_id, "status": "sitting"}
    )
    assert other_member in list(response.context["page"])
    response = client.get(reverse("members:list"), {"status": "left"})
    assert list(response.context["page"]) == []


def _make_members(n):
    for _ in range(n):
        CommitteeMembershipFactory()


def test_list_query_count_is_constant(client_for, role_users, django_assert_max_num_queries):
    client = client_for(role_users[Role.LIAISON_STAFF])
    _make_members(3)
    with django_assert_max_num_queries(15):
        client.get(reverse("members:list"))
    _make_members(30)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("members:list"))
    assert response.context["page"].paginator.count >= 33


# session, user, roles, session save (3 with its savepoint in a test), the member; then each
# part's home section (duty points: 1, +1 while the points config is not cached yet; news
# feed: 1; dashboard's evaluations due: 1). The home page grows by one query per part that adds
# a section, never with data.
HOME_QUERIES = 15  # with the data stamp of the home's cache (dashboard.views.home)


def test_home_query_count_is_constant(client_for, member_user, django_assert_max_num_queries):
    client = client_for(member_user)
    with django_assert_max_num_queries(HOME_QUERIES):
        client.get(reverse("home"))
    _make_members(30)
    cache.clear()  # the home computed again, with thirty more members
    with django_assert_max_num_queries(HOME_QUERIES):
        client.get(reverse("home"))
