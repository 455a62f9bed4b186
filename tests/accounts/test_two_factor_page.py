"""The two-factor enrolment page (issue 24): Chinese punctuation in Chinese, and no menu of the
portal before the second factor is enrolled (or given) — only logging out."""

import re

import pytest
from django.urls import reverse

from cppcc_portal.accounts.roles import Role

from .conftest import code_for

TWO_FACTOR = "/accounts/two-factor/"
ASCII_PUNCTUATION_IN_CHINESE = re.compile(
    r"[\u4e00-\u9fff][,:;!?()]|[,:;!?()][\u4e00-\u9fff]|（[^）]*\)|\([^)]*[\u4e00-\u9fff]"
)

pytestmark = pytest.mark.django_db


def _text(response):
    """The page's visible words: tags, scripts and attribute-free."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_the_enrolment_page_uses_chinese_punctuation(client, role_users, two_factor_on):
    client.force_login(role_users[Role.PROPOSAL_STAFF])
    response = client.get(TWO_FACTOR)
    text = _text(response)
    assert "扫描下方二维码，然后输入" in text and "（如 Microsoft Authenticator" in text
    assert "无法扫描？请在应用中手动输入以下密钥：" in text
    assert not ASCII_PUNCTUATION_IN_CHINESE.search(text), ASCII_PUNCTUATION_IN_CHINESE.findall(text)
    wrong = client.post(TWO_FACTOR, {"token": "000000"})
    assert not ASCII_PUNCTUATION_IN_CHINESE.search(_text(wrong))


@pytest.mark.parametrize(
    "role", [Role.PROPOSAL_STAFF, Role.LEADER, Role.SECURITY_ADMIN, "superuser"]
)
def test_no_menu_before_enrolment_only_logging_out(client, role_users, role, two_factor_on):
    user = role_users[role]
    client.force_login(user)
    html = client.get(TWO_FACTOR).content.decode()
    assert 'id="gate-logout"' in html and f'action="{reverse("logout")}"' in html
    for menu in ('id="sidebar"', 'id="mainnav"', "portal-tabs", reverse("nav_counts"),
                 reverse("profile"), 'role="search"', "/proposals/", "/members/"):  # fmt: skip
        assert menu not in html, menu


def test_the_menu_is_back_once_the_code_is_accepted(client, role_users, two_factor_on):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = role_users[Role.PROPOSAL_STAFF]
    client.force_login(user)
    client.get(TWO_FACTOR)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    client.post(TWO_FACTOR, {"token": code_for(device)})
    html = client.get(reverse("home")).content.decode()
    assert 'id="gate-logout"' not in html
    assert 'id="sidebar"' in html and "/proposals/" in html


def test_a_member_without_a_second_factor_keeps_the_menu(client, role_users, two_factor_on):
    client.force_login(role_users[Role.MEMBER])
    html = client.get(reverse("home")).content.decode()
    assert 'id="gate-logout"' not in html and "portal-tabs" in html


def test_logging_out_from_the_gate_works(client, role_users, two_factor_on):
    client.force_login(role_users[Role.LEADER])
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code in (200, 302)
    assert "_auth_user_id" not in client.session
