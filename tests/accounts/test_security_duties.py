"""三员分立: the security administrator alone resets a second factor, unlocks an account and
links a member record to an account — each with a reason, in the security log with before and
after, told to the person concerned (notification + e-mail); the security auditor alone reads
the log; one account never holds two of the three duties."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cppcc_portal.accounts import backup_codes
from cppcc_portal.accounts.roles import Role, user_roles
from cppcc_portal.audit.models import Action, AuditEntry
from cppcc_portal.notifications.delivery import deliver_one
from cppcc_portal.notifications.models import Delivery, Notification, NotificationPreference
from tests.factories import PASSWORD, MemberFactory

ALL = [*Role.values, "none", "superuser"]
REASON = "委员手机丢失，本人电话申请"


@pytest.fixture
def sec_admin(make_user):
    return make_user(Role.SECURITY_ADMIN, first_name="安全管理员")


def _pages(target, member):
    return [
        reverse("security_accounts"),
        reverse("security_reset_two_factor", args=[target.pk]),
        reverse("security_unlock", args=[target.pk]),
        reverse("members:account_links"),
        reverse("members:link_account", args=[member.pk]),
    ]


@pytest.mark.parametrize("role", ALL)
def test_only_the_security_admin_opens_the_security_pages(client_for, role_users, role):
    target = role_users[Role.LEADER]
    member = MemberFactory(name="页面委员")
    client = client_for(role_users[role])
    for url in _pages(target, member):
        status = client.get(url).status_code
        assert status == (200 if role == Role.SECURITY_ADMIN else 403), (url, role, status)


@pytest.mark.parametrize("role", [r for r in ALL if r != Role.SECURITY_ADMIN])
def test_every_other_role_is_refused_the_acts(client_for, role_users, make_user, enrolled, role):
    target = make_user(Role.LEADER)  # not a role user: their own login would reset the lock
    device = enrolled(target)
    AccessAttempt.objects.create(
        username=target.username,
        ip_address="10.0.0.9",
        user_agent="x",
        get_data="",
        post_data="",
        failures_since_start=9,
    )
    member = MemberFactory(name="被关联委员")
    client = client_for(role_users[role])
    data = {"reason": REASON}
    assert (
        client.post(reverse("security_reset_two_factor", args=[target.pk]), data).status_code == 403
    )
    assert client.post(reverse("security_unlock", args=[target.pk]), data).status_code == 403
    response = client.post(
        reverse("members:link_account", args=[member.pk]),
        {**data, "account": role_users[role].username},
    )
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert AccessAttempt.objects.filter(username=target.username).exists()
    member.refresh_from_db()
    assert member.user_id is None
    assert not AuditEntry.objects.filter(
        action__in=[Action.TWO_FACTOR_RESET, Action.ACCOUNT_UNLOCKED, Action.MEMBER_LINKED]
    ).exists()


# --- reset a second factor --------------------------------------------------------------


def test_reset_needs_a_reason_in_chinese_next_to_the_field(
    client_for, sec_admin, role_users, enrolled
):
    target = role_users[Role.LEADER]
    device = enrolled(target)
    url = reverse("security_reset_two_factor", args=[target.pk])
    for reason in ("", "  ", "短"):
        response = client_for(sec_admin).post(url, {"reason": reason})
        assert response.status_code == 400
        errors = response.context["form"].errors["reason"]
        assert errors and all(any("\u4e00" <= c <= "\u9fff" for c in e) for e in errors)
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_reset_is_logged_with_before_and_after_and_told_to_the_owner(
    client_for, sec_admin, role_users, enrolled
):
    target = role_users[Role.LEADER]
    enrolled(target)
    backup_codes.replace_codes(target)
    # the owner turned e-mail off: a security notice is e-mailed all the same
    NotificationPreference.objects.create(user=target, email=False)
    response = client_for(sec_admin).post(
        reverse("security_reset_two_factor", args=[target.pk]), {"reason": REASON}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=target).exists()
    assert not StaticDevice.objects.filter(user=target).exists()
    entry = AuditEntry.objects.get(action=Action.TWO_FACTOR_RESET)  # one entry, not two
    assert entry.user_id == sec_admin.pk and entry.target_id == str(target.pk)
    assert REASON in entry.detail
    assert "之前：设备 TOTP" in entry.detail and "备用码 10 个" in entry.detail
    assert "之后：无设备" in entry.detail
    note = Notification.objects.get(recipient=target, kind="security.two_factor_reset")
    assert REASON in note.body
    delivery = Delivery.objects.get(notification=note, channel=Delivery.Channel.EMAIL)
    assert deliver_one(delivery.pk)
    assert mail.outbox[-1].to == [target.email]
    assert "重置" in mail.outbox[-1].subject


def test_reset_refuses_own_account_and_superusers(client_for, sec_admin, role_users, enrolled):
    own = enrolled(sec_admin)
    client = client_for(sec_admin)
    response = client.post(
        reverse("security_reset_two_factor", args=[sec_admin.pk]), {"reason": REASON}
    )
    assert response.status_code == 400
    assert "另一名安全管理员" in response.content.decode()
    assert TOTPDevice.objects.filter(pk=own.pk).exists()
    boss = role_users["superuser"]
    boss_device = enrolled(boss)
    url = reverse("security_reset_two_factor", args=[boss.pk])
    assert client.post(url, {"reason": REASON}).status_code == 404
    assert TOTPDevice.objects.filter(pk=boss_device.pk).exists()


def test_reset_without_a_device_is_a_form_error(client_for, sec_admin, role_users):
    target = role_users[Role.MEMBER]
    response = client_for(sec_admin).post(
        reverse("security_reset_two_factor", args=[target.pk]), {"reason": REASON}
    )
    assert response.status_code == 400
    assert "没有可重置的第二因素" in response.content.decode()


# --- unlock -----------------------------------------------------------------------------


def test_unlock_after_a_real_lockout(client, client_for, sec_admin, member_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": member_user.username, "password": "wrong"})
    login = {"username": member_user.username, "password": PASSWORD}
    assert client.post(reverse("login"), login).status_code == 429
    admin_client = client_for(sec_admin)
    listing = admin_client.get(reverse("security_accounts"), {"locked": "on"}).content.decode()
    assert member_user.username in listing and "已锁定" in listing
    response = admin_client.post(
        reverse("security_unlock", args=[member_user.pk]), {"reason": "本人来电核实身份"}
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=Action.ACCOUNT_UNLOCKED)
    assert entry.target_id == str(member_user.pk)
    assert "之前：来自 127.0.0.1 的" in entry.detail and "次登录失败后被锁定" in entry.detail
    assert "之后：已解锁" in entry.detail and "本人来电核实身份" in entry.detail
    assert Notification.objects.filter(recipient=member_user, kind="security.unlocked").exists()
    admin_client.logout()
    assert client.post(reverse("login"), login).status_code == 302


def test_unlocking_an_account_that_is_not_locked_is_a_form_error(
    client_for, sec_admin, member_user
):
    response = client_for(sec_admin).post(
        reverse("security_unlock", args=[member_user.pk]), {"reason": REASON}
    )
    assert response.status_code == 400
    assert "该账号未被锁定" in response.content.decode()
    assert not AuditEntry.objects.filter(action=Action.ACCOUNT_UNLOCKED).exists()


# --- linking a member record to an account ------------------------------------------------


def test_link_unlink_and_relink_are_logged_and_told(client_for, sec_admin, make_user):
    member = MemberFactory(name="李委员")
    first, second = make_user(Role.MEMBER), make_user(Role.MEMBER)
    client = client_for(sec_admin)
    url = reverse("members:link_account", args=[member.pk])
    assert client.post(url, {"account": first.username, "reason": REASON}).status_code == 302
    member.refresh_from_db()
    assert member.user_id == first.pk
    entry = AuditEntry.objects.get(action=Action.MEMBER_LINKED)
    assert "之前：无账号" in entry.detail and f"之后：{first.username}" in entry.detail
    assert Notification.objects.filter(recipient=first, kind="security.member_linked").exists()
    # relinked to another account: both holders hear of it
    assert client.post(url, {"account": second.username, "reason": REASON}).status_code == 302
    member.refresh_from_db()
    assert member.user_id == second.pk
    assert Notification.objects.filter(recipient=first, kind="security.member_unlinked").exists()
    assert Notification.objects.filter(recipient=second, kind="security.member_linked").exists()
    last = AuditEntry.objects.filter(action=Action.MEMBER_LINKED).order_by("-id").first()
    assert f"之前：{first.username}" in last.detail and f"之后：{second.username}" in last.detail
    # unlinked (an empty account)
    assert client.post(url, {"account": "", "reason": REASON}).status_code == 302
    member.refresh_from_db()
    assert member.user_id is None
    assert AuditEntry.objects.filter(action=Action.MEMBER_LINKED).count() == 3


def test_link_refusals_are_form_errors(client_for, sec_admin, make_user, member_user, role_users):
    member = MemberFactory(name="赵委员")
    client = client_for(sec_admin)
    url = reverse("members:link_account", args=[member.pk])
    cases = [
        ({"account": sec_admin.username, "reason": REASON}, "另一名安全管理员"),
        ({"account": member_user.username, "reason": REASON}, "已关联"),
        ({"account": "nobody-such", "reason": REASON}, "没有这个用户名的账号"),
        ({"account": role_users["superuser"].username, "reason": REASON}, "系统管理员"),
        ({"account": make_user().username, "reason": ""}, "必填"),
    ]
    for data, words in cases:
        response = client.post(url, data)
        assert response.status_code == 400, data
        assert words in response.content.decode(), data
    member.refresh_from_db()
    assert member.user_id is None
    assert not AuditEntry.objects.filter(action=Action.MEMBER_LINKED).exists()


def test_the_admin_cannot_link_a_member_record(client_for, role_users):
    member = MemberFactory(name="钱委员")
    for role in (Role.PROPOSAL_STAFF, "superuser"):
        page = client_for(role_users[role]).get(
            reverse("admin:members_member_change", args=[member.pk])
        )
        assert page.status_code == 200
        assert 'name="user"' not in page.content.decode(), role


# --- the duties stay apart ----------------------------------------------------------------


def test_two_security_duties_on_one_account_hold_neither(make_user):
    both = make_user(Role.SECURITY_ADMIN, Role.SECURITY_AUDITOR)
    assert not user_roles(both) & {Role.SECURITY_ADMIN, Role.SECURITY_AUDITOR}
    boss = make_user(Role.SECURITY_AUDITOR, is_superuser=True)
    assert Role.SECURITY_AUDITOR not in user_roles(boss)
    assert Role.SECURITY_ADMIN in user_roles(make_user(Role.SECURITY_ADMIN, Role.MEMBER))


def test_the_user_admin_refuses_two_duties_on_one_account(client_for, role_users, make_user):
    user = make_user(Role.SECURITY_ADMIN)
    group = Group.objects.get(name=Role.SECURITY_AUDITOR)
    response = client_for(role_users["superuser"]).post(
        reverse("admin:auth_user_change", args=[user.pk]),
        {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": "",
            "email": user.email,
            "is_active": "on",
            "groups": [Group.objects.get(name=Role.SECURITY_ADMIN).pk, group.pk],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "08:00:00",
        },
    )
    assert response.status_code == 200
    assert "三个不同的人" in response.content.decode()
    assert not user.groups.filter(pk=group.pk).exists()


def test_the_auditor_reads_the_security_admins_acts(
    client_for, sec_admin, role_users, enrolled, make_user
):
    target = role_users[Role.LEADER]
    enrolled(target)
    client_for(sec_admin).post(
        reverse("security_reset_two_factor", args=[target.pk]), {"reason": REASON}
    )
    auditor = make_user(Role.SECURITY_AUDITOR)
    content = client_for(auditor).get(reverse("audit:list"), {"action": "2fa_reset"})
    assert REASON in content.content.decode()
    assert client_for(sec_admin).get(reverse("audit:list")).status_code == 403


def test_the_auditor_verifies_the_chain(client_for, make_user):
    from cppcc_portal.audit.services import audit

    audit(action=Action.LOGIN, detail="x")
    client = client_for(make_user(Role.SECURITY_AUDITOR))
    assert "chain-verdict" not in client.get(reverse("audit:verify")).content.decode()
    content = client.post(reverse("audit:verify")).content.decode()
    assert "哈希链完整" in content


# --- backup codes -----------------------------------------------------------------------


def test_backup_codes_are_shown_once_stored_hashed_and_work_once(
    client, role_users, verified_client, two_factor_on
):
    user = role_users[Role.PROPOSAL_STAFF]
    staff_client = verified_client(user)
    page = staff_client.get(reverse("backup_codes")).content.decode()
    assert "您有 0 个未使用的备用码" in page
    response = staff_client.post(reverse("backup_codes"))
    codes = response.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(code in response.content.decode() for code in codes)
    stored = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(stored) == 10
    assert not stored & {c.replace("-", "") for c in codes} and not stored & set(codes)
    again = staff_client.get(reverse("backup_codes")).content.decode()
    assert codes[0] not in again and "10 个未使用" in again
    assert AuditEntry.objects.filter(action=Action.BACKUP_CODES_CREATED, user=user).exists()
    # at the next login, a code stands in for the app's 6 digits, once
    client.logout()
    client.force_login(user)
    response = client.post("/accounts/two-factor/", {"token": codes[3].upper()})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert backup_codes.remaining(user) == 9
    used = AuditEntry.objects.get(action=Action.BACKUP_CODE_USED)
    assert "剩余备用码 9 个" in used.detail
    client.logout()
    client.force_login(user)
    response = client.post("/accounts/two-factor/", {"token": codes[3]})
    assert response.status_code == 200  # used up
    assert AuditEntry.objects.filter(action=Action.TWO_FACTOR_FAILED, user=user).exists()


def test_new_codes_replace_the_old_ones(role_users, settings):
    settings.OTP_STATIC_THROTTLE_FACTOR = 0  # a wrong code does not delay the next here
    user = role_users[Role.LEADER]
    old = backup_codes.replace_codes(user)
    new = backup_codes.replace_codes(user)
    assert backup_codes.remaining(user) == 10
    assert backup_codes.use_code(user, old[0]) is None
    assert backup_codes.use_code(user, new[0]) is not None


def test_backup_code_is_not_accepted_for_enrolment(client, role_users, two_factor_on):
    user = role_users[Role.LEADER]
    codes = backup_codes.replace_codes(user)  # codes, but no confirmed app yet
    client.force_login(user)
    response = client.post("/accounts/two-factor/", {"token": codes[0]})
    assert response.status_code == 200
    assert "6" in response.context["form"].errors["token"][0]
    assert backup_codes.remaining(user) == 10


@pytest.mark.parametrize("role", [Role.MEMBER, Role.LEADER, Role.SECURITY_AUDITOR])
def test_backup_codes_page_without_a_device_goes_to_the_profile(client_for, role_users, role):
    response = client_for(role_users[role]).post(reverse("backup_codes"))
    assert response.status_code == 302 and response["Location"] == reverse("profile")
    assert backup_codes.remaining(role_users[role]) == 0


def test_backup_codes_page_refused_before_the_second_factor(
    client, role_users, enrolled, two_factor_on
):
    user = role_users[Role.LEADER]
    enrolled(user)
    client.force_login(user)
    response = client.post(reverse("backup_codes"))
    assert response.status_code == 302  # the code page first
    assert response["Location"].startswith("/accounts/two-factor/")
    assert backup_codes.remaining(user) == 0


# --- the password staff hand out --------------------------------------------------------


NEW = "My-Own-Pass-2027"


def _hand_out(client_for, boss, user, password="Handed-Out-2026!"):
    """The system administrator sets a password in the admin (its own second factor aside)."""
    from django.conf import settings

    required, settings.REQUIRE_2FA = settings.REQUIRE_2FA, False
    try:
        response = client_for(boss).post(
            reverse("admin:auth_user_password_change", args=[user.pk]),
            {"password1": password, "password2": password, "usable_password": "true"},
        )
    finally:
        settings.REQUIRE_2FA = required
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"].endswith(f"/admin/auth/user/{user.pk}/change/")
    return password


def test_first_login_changes_the_handed_out_password_before_enrolling(
    client, client_for, role_users, two_factor_on
):
    staff = role_users[Role.OPINION_STAFF]
    password = _hand_out(client_for, role_users["superuser"], staff)
    assert staff.password_history.first().handed_out
    client.logout()
    response = client.post(reverse("login"), {"username": staff.username, "password": password})
    assert response.status_code == 302
    home = client.get(reverse("home"))
    assert home["Location"].startswith(reverse("password_change"))
    # the enrolment page sends them back: no secret is shown before the password is theirs
    response = client.get("/accounts/two-factor/")
    assert response.status_code == 302 and response["Location"] == reverse("password_change")
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert "由政协办公室设置" in client.get(reverse("password_change")).content.decode()
    response = client.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302
    assert not staff.password_history.first().handed_out
    # now the second factor
    assert client.get(reverse("home"))["Location"].startswith("/accounts/two-factor/")
    assert client.get("/accounts/two-factor/").status_code == 200


def test_an_enrolled_account_gives_its_code_before_changing_a_handed_out_password(
    client, client_for, role_users, enrolled, two_factor_on
):
    staff = role_users[Role.LIAISON_STAFF]
    enrolled(staff)
    password = _hand_out(client_for, role_users["superuser"], staff)
    client.logout()
    client.post(reverse("login"), {"username": staff.username, "password": password})
    assert client.get(reverse("home"))["Location"].startswith("/accounts/two-factor/")


def test_a_member_with_a_handed_out_password_changes_it_first(
    client, client_for, role_users, member_user
):
    password = _hand_out(client_for, role_users["superuser"], member_user)
    client.logout()
    client.post(reverse("login"), {"username": member_user.username, "password": password})
    assert client.get(reverse("home"))["Location"].startswith(reverse("password_change"))


def test_a_password_one_sets_oneself_is_not_handed_out(client, member_user):
    client.force_login(member_user)
    client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert not member_user.password_history.first().handed_out
    assert client.get(reverse("home")).status_code == 200
