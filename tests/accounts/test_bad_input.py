"""Hostile input into every form of accounts, members and the audit log: a form error or a
refusal, never a 500, never echoed or stored unescaped (see tests/badinput.py)."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from cppcc_portal.accounts.roles import Role
from cppcc_portal.audit.models import AuditEntry
from members.models import Member
from tests.badinput import assert_safe, assert_survives_bad_input
from tests.factories import PASSWORD

from .conftest import code_for


def test_login_form(client, member_user, settings):
    settings.RATE_LIMITS = {"login_address": (10_000, 900), "login_account": (10_000, 900)}
    assert_survives_bad_input(client, reverse("login"), ["username", "password"])
    assert "_auth_user_id" not in client.session


def test_login_form_with_a_real_user_name(client, member_user, settings):
    settings.AXES_FAILURE_LIMIT = 1000
    settings.RATE_LIMITS = {"login_address": (10_000, 900), "login_account": (10_000, 900)}
    assert_survives_bad_input(
        client, reverse("login"), ["password"], extra={"username": member_user.username}
    )
    assert "_auth_user_id" not in client.session


def test_hostile_login_names_are_shown_escaped_in_the_audit_log(client, client_for, role_users):
    assert_survives_bad_input(
        client, reverse("login"), ["username"], extra={"password": "x"}, max_examples=10
    )
    assert AuditEntry.objects.filter(username__contains="<script>").exists()
    staff = client_for(role_users[Role.PROPOSAL_STAFF])
    for page in range(1, 4):
        assert_safe(staff.get(reverse("audit:list"), {"page": page}))
    assert_safe(staff.get("/admin/audit/auditentry/"))


def test_password_change_form(client_for, member_user):
    client = client_for(member_user)
    assert_survives_bad_input(
        client, reverse("password_change"), ["old_password", "new_password1", "new_password2"]
    )
    member_user.refresh_from_db()
    assert member_user.check_password(PASSWORD)


def test_password_change_with_the_right_old_password(client_for, member_user):
    client = client_for(member_user)
    assert_survives_bad_input(
        client,
        reverse("password_change"),
        ["new_password1"],
        extra={"old_password": PASSWORD, "new_password2": "x"},
    )


def test_password_reset_form(client, member_user, settings):
    settings.RATE_LIMITS = {"password_reset": (10_000, 3600)}
    assert_survives_bad_input(client, reverse("password_reset"), ["email"])


def test_password_reset_confirm_form(client, member_user):
    uid = urlsafe_base64_encode(force_bytes(member_user.pk))
    token = default_token_generator.make_token(member_user)
    response = client.get(reverse("password_reset_confirm", args=[uid, token]), follow=True)
    url = response.redirect_chain[-1][0]
    assert_survives_bad_input(client, url, ["new_password1", "new_password2"])


def test_password_reset_confirm_with_hostile_links(client, member_user):
    for uid, token in [("<script>", "x"), ("MTIz" * 500, "a-b"), ("%00", "%ff"), ("-1", "0-0")]:
        response = client.get(f"/accounts/password/reset/{uid}/{token}/")
        assert_safe(response)


def test_member_filter(client_for, role_users, term):
    client = client_for(role_users[Role.PROPOSAL_STAFF])
    fields = ["q", "term", "sector", "committee", "street", "status", "page"]
    assert_survives_bad_input(client, reverse("members:list"), fields, method="get")
    assert_survives_bad_input(
        client,
        reverse("members:export"),
        ["q", "sector", "status"],
        method="get",
        max_examples=10,
    )


def test_member_filter_as_a_member(client_for, member_user):
    assert_survives_bad_input(
        client_for(member_user), reverse("members:list"), ["q", "status"], method="get"
    )


def test_member_detail_with_hostile_ids(client_for, role_users):
    client = client_for(role_users[Role.LEADER])
    for pk in ["-1", "0", "99999999999999999999", "abc", "%3Cscript%3E"]:
        assert_safe(client.get(f"/members/{pk}/"))


def test_member_import_upload(client_for, role_users):
    client = client_for(role_users[Role.LIAISON_STAFF])
    before = Member.objects.count()
    assert_survives_bad_input(client, reverse("members:import"), [], file_fields=["file"])
    assert_survives_bad_input(client, reverse("members:import"), ["file"])  # text, not a file
    response = client.post(reverse("members:import_confirm"), {"token": "<script>x</script>"})
    assert response.status_code == 302
    assert Member.objects.count() == before


def test_two_factor_code_form(client, role_users, enrolled, settings):
    settings.REQUIRE_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.TWO_FACTOR_MAX_FAILURES = 10_000
    settings.RATE_LIMITS = {"two_factor": (10_000, 900)}  # the form, not the limit, is tested
    user = role_users[Role.LEADER]
    device = enrolled(user)
    client.force_login(user)
    assert_survives_bad_input(client, reverse("two_factor"), ["token", "next"])
    # still unverified, and the next=… values never redirected off-site
    response = client.post(
        reverse("two_factor"), {"token": code_for(device), "next": "//evil.example"}
    )
    assert response["Location"] == reverse("home")


def test_audit_log_filter(client_for, role_users):
    client = client_for(role_users[Role.CONSULTATION_STAFF])
    fields = ["user", "action", "date_from", "date_to", "page"]
    assert_survives_bad_input(client, reverse("audit:list"), fields, method="get")
    assert_survives_bad_input(
        client, reverse("audit:export"), ["user", "date_from"], method="get", max_examples=5
    )


@pytest.mark.parametrize("path", ["/accounts/login/", "/members/", "/audit/"])
def test_oversized_query_strings(client_for, role_users, path):
    client = client_for(role_users[Role.PROPOSAL_STAFF])
    assert_safe(client.get(path + "?" + "&".join(f"f{i}=x" for i in range(2000))))
    assert_safe(client.get(path + "?q=" + "%ff" * 3000))


def test_admin_login_form(client, member_user):
    assert_survives_bad_input(client, "/admin/login/", ["username", "password"], max_examples=10)


def test_overlong_user_name_is_a_form_error_not_a_server_error(client, db):
    response = client.post(reverse("login"), {"username": "A" * 100_000, "password": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors["username"]
