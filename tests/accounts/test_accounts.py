import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from cppcc_portal.accounts.roles import Role, has_role, user_roles
from tests.factories import PASSWORD


def test_role_groups_exist(db):
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


def test_staff_groups_carry_admin_permissions(db):
    group = Group.objects.get(name=Role.PROPOSAL_STAFF)
    assert group.permissions.filter(codename="view_member").exists()
    assert not Group.objects.get(name=Role.MEMBER).permissions.exists()
    assert not Group.objects.get(name=Role.UNIT_LIAISON).permissions.exists()


def test_roles_helpers(make_user):
    user = make_user(Role.MEMBER, Role.LEADER)
    assert user_roles(user) == {Role.MEMBER, Role.LEADER}
    assert has_role(user, Role.LEADER)
    assert not has_role(user, Role.PROPOSAL_STAFF)
    boss = make_user(is_superuser=True)  # the system administrator: not a security duty
    assert user_roles(boss) == set(Role.values) - {Role.SECURITY_ADMIN, Role.SECURITY_AUDITOR}


def test_login_page_is_chinese(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "登录" in content
    assert 'lang="zh-hans"' in content


def test_login_and_home(client, member_user):
    response = client.post(
        reverse("login"), {"username": member_user.username, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "王委员" in response.content.decode()


def test_lockout_after_repeated_failures(client, member_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": member_user.username, "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": member_user.username, "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "锁定" in response.content.decode()


def test_password_reset_sends_mail(client, member_user):
    response = client.post(reverse("password_reset"), {"email": member_user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_csp_forbids_inline_script(client, db):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    script = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "unsafe-inline" not in script
    assert "<script>" not in response.content.decode()


def test_session_expires_after_inactivity(settings):
    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST


def test_argon2_hashes_in_production(member_user, settings):
    settings.PASSWORD_HASHERS = settings.PASSWORD_HASHERS[1:]
    member_user.set_password("another-Pass-1")
    assert member_user.password.startswith("argon2")


@pytest.mark.parametrize("role", [*Role.values, "none"])
def test_every_role_has_a_home(client_for, role_users, role):
    response = client_for(role_users[role]).get(reverse("home"))
    assert response.status_code == 200


def test_profile_lists_roles(client_for, role_users):
    response = client_for(role_users[Role.LEADER]).get(reverse("profile"))
    assert "领导" in response.content.decode()


def test_language_switch_to_english(client, member_user):
    client.force_login(member_user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("home"))
    assert "Welcome" in response.content.decode()


def test_error_pages_are_chinese(client_for, role_users):
    response = client_for(role_users[Role.MEMBER]).get("/no-such-page/")
    assert response.status_code == 404
    assert "不存在" in response.content.decode()


def test_menu_counts_arrive_after_the_page(client_for, role_users):
    """Badges are loaded by htmx from nav_counts, so pages do not pay for every part's badge."""
    client = client_for(role_users[Role.MEMBER])
    response = client.get(reverse("nav_counts"))
    assert response.status_code == 200
    assert 'id="notification-bell" hx-swap-oob="true"' in response.content.decode()
