import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from cppcc_portal.accounts.roles import Role
from cppcc_portal.audit.models import Action, AuditEntry

from .conftest import code_for

ALL = [*Role.values, "none", "superuser"]
NEEDS_2FA = {
    Role.PROPOSAL_STAFF,
    Role.OPINION_STAFF,
    Role.CONSULTATION_STAFF,
    Role.LIAISON_STAFF,
    Role.LEADER,
    Role.SECURITY_ADMIN,
    Role.SECURITY_AUDITOR,
    "superuser",
}
TWO_FACTOR = "/accounts/two-factor/"


@pytest.mark.parametrize("role", ALL)
def test_who_is_sent_to_the_code_page(client_for, role_users, role, two_factor_on):
    response = client_for(role_users[role]).get(reverse("home"))
    if role in NEEDS_2FA:
        assert response.status_code == 302
        assert response["Location"].startswith(TWO_FACTOR + "?next=")
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("role", ALL)
def test_code_page_permissions(client, client_for, role_users, role, two_factor_on):
    response = client_for(role_users[role]).get(TWO_FACTOR)
    if role in NEEDS_2FA:
        assert response.status_code == 200
        assert "身份验证器" in response.content.decode()
    else:  # nothing to do there: back home
        assert response.status_code == 302
        assert response["Location"] == reverse("home")


def test_anonymous_code_page_goes_to_login(client, db, two_factor_on):
    response = client.get(TWO_FACTOR)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_is_staff_flag_alone_requires_two_factor(client, make_user, two_factor_on):
    client.force_login(make_user(Role.UNIT_LIAISON, is_staff=True))
    assert client.get(reverse("home")).status_code == 302


def test_enrolment_shows_qr_and_secret_then_accepts_a_code(client, role_users, two_factor_on):
    user = role_users[Role.PROPOSAL_STAFF]
    client.force_login(user)
    response = client.get(TWO_FACTOR + "?next=/members/")
    content = response.content.decode()
    assert 'src="data:image/svg+xml;base64,' in content
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    import base64

    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    assert secret in content
    # a second visit reuses the same unconfirmed device (the app already has its secret)
    client.get(TWO_FACTOR)
    assert TOTPDevice.objects.filter(user=user).count() == 1
    response = client.post(TWO_FACTOR, {"token": code_for(device), "next": "/members/"})
    assert response.status_code == 302
    assert response["Location"] == "/members/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("home")).status_code == 200
    assert AuditEntry.objects.filter(action=Action.TWO_FACTOR_ENROLLED, user=user).exists()


def test_enrolled_user_enters_code_each_login(client, role_users, enrolled, two_factor_on):
    user = role_users[Role.LEADER]
    device = enrolled(user)
    client.force_login(user)
    response = client.get(TWO_FACTOR)
    assert "data:image" not in response.content.decode()  # the secret is never shown again
    response = client.post(TWO_FACTOR, {"token": code_for(device)})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert AuditEntry.objects.filter(action=Action.TWO_FACTOR_VERIFIED, user=user).exists()
    # a new login needs a new code
    client.logout()
    client.force_login(user)
    assert client.get(reverse("home")).status_code == 302


def test_wrong_code_is_refused_and_logged(client, role_users, enrolled, two_factor_on):
    user = role_users[Role.LIAISON_STAFF]
    device = enrolled(user)
    client.force_login(user)
    good = code_for(device)
    bad = "000000" if good != "000000" else "111111"
    response = client.post(TWO_FACTOR, {"token": bad})
    assert response.status_code == 200
    assert "无效" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302
    assert AuditEntry.objects.filter(action=Action.TWO_FACTOR_FAILED, user=user).count() == 1


def test_replayed_code_is_refused(client, role_users, enrolled, two_factor_on):
    user = role_users[Role.OPINION_STAFF]
    device = enrolled(user)
    client.force_login(user)
    token = code_for(device)
    assert client.post(TWO_FACTOR, {"token": token}).status_code == 302
    client.logout()
    client.force_login(user)
    assert client.post(TWO_FACTOR, {"token": token}).status_code == 200


@pytest.mark.parametrize("token", ["", "12345", "1234567", "abcdef", "<script>", "１２３４５６"])
def test_malformed_codes_are_form_errors(client, role_users, enrolled, two_factor_on, token):
    user = role_users[Role.CONSULTATION_STAFF]
    enrolled(user)
    client.force_login(user)
    response = client.post(TWO_FACTOR, {"token": token})
    assert response.status_code == 200
    assert not AuditEntry.objects.filter(action=Action.TWO_FACTOR_FAILED).exists()


def test_too_many_wrong_codes_log_out(client, role_users, enrolled, two_factor_on):
    user = role_users[Role.PROPOSAL_STAFF]
    device = enrolled(user)
    client.force_login(user)
    good = code_for(device)
    bad = "000000" if good != "000000" else "111111"
    for _ in range(two_factor_on.TWO_FACTOR_MAX_FAILURES - 1):
        assert client.post(TWO_FACTOR, {"token": bad}).status_code == 200
    response = client.post(TWO_FACTOR, {"token": bad})
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_open_paths_while_unverified(client, role_users, two_factor_on):
    client.force_login(role_users[Role.LEADER])
    assert client.get("/ping").status_code == 200
    assert client.get("/healthz").status_code in (200, 503)
    assert client.get("/static/css/portal.css").status_code == 200
    assert client.get(reverse("profile")).status_code == 302
    assert client.post(reverse("members:export")).status_code == 302
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")


def test_unsafe_next_is_ignored(client, role_users, enrolled, two_factor_on):
    user = role_users[Role.LEADER]
    device = enrolled(user)
    client.force_login(user)
    response = client.post(TWO_FACTOR, {"token": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_enforcement_can_be_switched_off(client_for, role_users, settings):
    settings.REQUIRE_2FA = False
    assert client_for(role_users["superuser"]).get(reverse("home")).status_code == 200


def test_admin_requires_a_verified_device(client, role_users, verified_client, two_factor_on):
    from django.contrib import admin
    from django.test import RequestFactory

    user = role_users["superuser"]
    request = RequestFactory().get("/admin/")
    request.user = user
    user.is_verified = lambda: False
    assert not admin.site.has_permission(request)  # the admin's own check
    user.is_verified = lambda: True
    assert admin.site.has_permission(request)
    client.force_login(user)
    assert client.get("/admin/").status_code == 302  # unverified
    assert verified_client(user).get("/admin/").status_code == 200


@pytest.mark.parametrize("role", [Role.PROPOSAL_STAFF, "superuser"])
def test_business_staff_and_superusers_cannot_reset_devices_in_the_admin(
    role_users, verified_client, enrolled, two_factor_on, role
):
    """三员分立: only the security administrator resets a second factor (on the portal's
    page, with a reason); today's staff and the system administrator are refused."""
    client = verified_client(role_users[role])
    target = enrolled(role_users[Role.LEADER])
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 403
    assert client.get(f"/admin/otp_totp/totpdevice/{target.pk}/delete/").status_code == 403
    client.post(f"/admin/otp_totp/totpdevice/{target.pk}/delete/", {"post": "yes"})
    client.post(
        "/admin/otp_totp/totpdevice/",
        {"action": "delete_selected", "_selected_action": [target.pk], "post": "yes"},
    )
    assert TOTPDevice.objects.filter(pk=target.pk).exists()
    assert not AuditEntry.objects.filter(action=Action.TWO_FACTOR_RESET).exists()


def test_security_admin_sees_devices_in_the_admin_but_resets_only_with_a_reason(
    make_user, role_users, verified_client, enrolled, two_factor_on
):
    admin_user = make_user(Role.SECURITY_ADMIN, is_staff=True)
    client = verified_client(admin_user)
    target = enrolled(role_users[Role.LEADER])
    listing = client.get("/admin/otp_totp/totpdevice/")
    assert listing.status_code == 200
    assert target.key not in listing.content.decode()  # secrets are never shown
    assert client.get(f"/admin/otp_totp/totpdevice/{target.pk}/delete/").status_code == 403
    assert TOTPDevice.objects.filter(pk=target.pk).exists()


@pytest.mark.parametrize("role", [Role.MEMBER, Role.UNIT_LIAISON, Role.LEADER])
def test_roles_without_device_permissions_cannot_open_device_admin(client_for, role_users, role):
    response = client_for(role_users[role]).get("/admin/otp_totp/totpdevice/")
    assert response.status_code in (302, 403)


def test_only_the_security_admin_group_sees_devices(db):
    def codes(role):
        return set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))

    for role in Role.values:
        if role != Role.SECURITY_ADMIN:
            assert not codes(role) & {"view_totpdevice", "delete_totpdevice"}, role
    assert "view_totpdevice" in codes(Role.SECURITY_ADMIN)
    assert not codes(Role.SECURITY_ADMIN) & {"delete_totpdevice", "change_totpdevice"}
