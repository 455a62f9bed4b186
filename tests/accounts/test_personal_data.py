"""Phones and ID numbers: never on a registry page or in an export outside staff."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cppcc_portal.accounts.roles import Role
from tests.factories import MemberFactory

NON_STAFF = [Role.MEMBER, Role.UNIT_LIAISON, Role.STATION_MANAGER, Role.LEADER, "none"]
PHONE = "13911112222"
ID_NUMBER = "120222197712123456"


@pytest.fixture
def others(db):
    return [
        MemberFactory(name="甲委员", phone=PHONE, id_number=ID_NUMBER),
        MemberFactory(name="乙委员", phone="02229998888", id_number="12022219650505051X"),
    ]


def _secrets(members):
    return [v for m in members for v in (m.phone, m.id_number)]


def _text(response):
    if response["Content-Type"].startswith("application/vnd.openxml"):
        sheet = load_workbook(io.BytesIO(response.content)).active
        return " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row)
    return response.content.decode()


@pytest.mark.parametrize("role", NON_STAFF)
def test_registry_pages_never_show_full_personal_data(client_for, role_users, role, others):
    client = client_for(role_users[role])
    urls = [
        reverse("members:list"),
        reverse("members:export"),
        reverse("members:import_template"),
        *(reverse("members:detail", args=[m.pk]) for m in others),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 403, 404), url
        text = _text(response)
        for secret in _secrets(others):
            assert secret not in text, (role, url)


def test_registry_search_is_no_phone_oracle(client_for, role_users, others):
    # searching by a phone number must not tell a non-staff reader whose number it is
    response = client_for(role_users[Role.LEADER]).get(reverse("members:list"), {"q": PHONE})
    assert "甲委员" not in response.content.decode()


def test_leader_sees_masked_values(client_for, role_users, others):
    content = client_for(role_users[Role.LEADER]).get(
        reverse("members:detail", args=[others[0].pk])
    )
    text = content.content.decode()
    assert "139****2222" in text
    assert PHONE not in text and ID_NUMBER not in text


def test_member_sees_only_their_own(client_for, member_user, others):
    client = client_for(member_user)
    own = member_user.member
    content = client.get(reverse("members:detail", args=[own.pk])).content.decode()
    assert own.phone in content  # their own record, unmasked
    for secret in _secrets(others):
        assert secret not in content


@pytest.mark.parametrize("role", [Role.PROPOSAL_STAFF, "superuser"])
def test_even_staff_exports_carry_no_id_numbers(client_for, role_users, role, others):
    text = _text(client_for(role_users[role]).get(reverse("members:export")))
    assert PHONE in text  # staff may take phones
    assert ID_NUMBER not in text
