from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cppcc_portal.accounts.models import PasswordHistory
from cppcc_portal.accounts.passwords import SESSION_KEY, ComplexityValidator
from cppcc_portal.audit.models import Action, AuditEntry
from tests.factories import PASSWORD

NEW = "Fresh-Pass-2027"


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("abcdefghij", False),  # one class
        ("abcdefgh12", False),  # two classes
        ("ABCDEFGH12", False),
        ("abcdeFGH12", True),  # lower, upper, digit
        ("abcdefg-12", True),  # lower, digit, symbol
        ("Abcdefg-hi", True),  # lower, upper, symbol
        ("密码密码密码Ab-", True),
    ],
)
def test_complexity_needs_three_classes(password, ok):
    validator = ComplexityValidator(min_classes=3)
    if ok:
        validator.validate(password)
    else:
        with pytest.raises(ValidationError) as info:
            validator.validate(password)
        assert info.value.error_list[0].code == "password_too_simple"


def test_policy_messages_are_chinese(member_user):
    with pytest.raises(ValidationError) as info:
        validate_password("abcdefgh", member_user)
    text = " ".join(info.value.messages)
    assert "至少" in text  # length and complexity, in Chinese
    assert "小写字母" in text


def test_minimum_length_is_ten(member_user):
    with pytest.raises(ValidationError):
        validate_password("Ab-1ab-1", member_user)


def test_history_is_recorded_on_every_change(member_user):
    assert PasswordHistory.objects.filter(user=member_user).count() == 1  # the factory's
    for i in range(7):
        member_user.set_password(f"Rotate-Pass-{i}")
        member_user.save()
    # only the last five hashes are kept, never the passwords themselves
    rows = list(PasswordHistory.objects.filter(user=member_user))
    assert len(rows) == 5
    assert all("Rotate" not in r.password for r in rows)


def test_last_five_passwords_may_not_be_reused(member_user):
    used = [f"Rotate-Pass-{i}" for i in range(5)]
    for password in used:
        member_user.set_password(password)
        member_user.save()
    for password in used:
        with pytest.raises(ValidationError) as info:
            validate_password(password, member_user)
        assert "最近" in " ".join(info.value.messages)
    # the factory's password is the sixth back: allowed again
    validate_password(PASSWORD, member_user)


def test_password_change_form_refuses_reuse_and_records_change(client_for, member_user):
    client = client_for(member_user)
    url = reverse("password_change")
    response = client.post(
        url, {"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD}
    )
    assert response.status_code == 200
    assert "最近" in response.content.decode()
    response = client.post(
        url, {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 302
    assert PasswordHistory.objects.filter(user=member_user).count() == 2
    entry = AuditEntry.objects.get(action=Action.PASSWORD_CHANGED)
    assert entry.user_id == member_user.pk
    assert NEW not in entry.detail and "Pass" not in entry.detail


def test_password_reset_confirm_refuses_reuse(client, member_user):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(member_user.pk))
    token = default_token_generator.make_token(member_user)
    response = client.get(reverse("password_reset_confirm", args=[uid, token]), follow=True)
    url = response.redirect_chain[-1][0]
    response = client.post(url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 200
    assert "最近" in response.content.decode()
    response = client.post(url, {"new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302
    member_user.refresh_from_db()
    assert member_user.check_password(NEW)


def _age_password(user, days):
    PasswordHistory.objects.filter(user=user).update(
        created_at=timezone.now() - timedelta(days=days)
    )


def test_expired_password_blocks_every_page_but_the_change_page(client, member_user, settings):
    settings.PASSWORD_EXPIRY_DAYS = 90
    _age_password(member_user, 91)
    client.force_login(member_user)
    for url in (reverse("home"), reverse("profile"), reverse("members:list")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("password_change"))
    response = client.post(reverse("profile"))
    assert response["Location"] == reverse("password_change")
    # still reachable: the change page, ping, healthz, static files, logout
    change = client.get(reverse("password_change"))
    assert change.status_code == 200
    assert "密码已过期" in change.content.decode()
    assert client.get("/ping").status_code == 200
    assert client.get("/healthz").status_code in (200, 503)
    assert client.get("/static/css/portal.css").status_code == 200
    # changing it lifts the block
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_logout_stays_reachable_with_an_expired_password(client, member_user, settings):
    _age_password(member_user, 400)
    client.force_login(member_user)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")


def test_password_within_its_lifetime_is_not_blocked(client, member_user, settings):
    settings.PASSWORD_EXPIRY_DAYS = 90
    _age_password(member_user, 89)
    client.force_login(member_user)
    assert client.get(reverse("home")).status_code == 200


def test_expiry_zero_disables_it(client, member_user, settings):
    settings.PASSWORD_EXPIRY_DAYS = 0
    _age_password(member_user, 4000)
    client.force_login(member_user)
    assert client.get(reverse("home")).status_code == 200


def test_user_without_history_is_dated_by_join_date(client, member_user, settings):
    PasswordHistory.objects.filter(user=member_user).delete()
    member_user.date_joined = timezone.now() - timedelta(days=200)
    member_user.save(update_fields=["date_joined"])
    client.force_login(member_user)
    assert client.get(reverse("home")).status_code == 302


def test_expiry_check_costs_no_query_per_request(client, member_user, django_assert_num_queries):
    client.force_login(member_user)
    session = client.session
    assert SESSION_KEY in session  # stored at login: loaded with the session, no query
    from cppcc_portal.accounts.passwords import password_expired

    class Req:
        pass

    Req.session, Req.user = session, member_user

    with django_assert_num_queries(0):
        assert not password_expired(Req)


def test_profile_shows_password_date_and_two_factor_state(client_for, role_users):
    content = client_for(role_users["proposal_staff"]).get(reverse("profile")).content.decode()
    assert "密码设置于" in content
    assert "下次登录时" in content  # required, not yet enrolled
