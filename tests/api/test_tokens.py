"""Device tokens: shown once, kept as a hash, refused when revoked, expired or the account is
disabled; made and revoked on the portal page, each in the security log; throttled."""

import re
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from api import tokens
from api.models import ApiToken
from cppcc_portal.audit.models import Action, AuditEntry

from .conftest import Api


def test_the_token_is_kept_only_as_its_hash(member_user):
    token, raw = tokens.create_token(actor=member_user, name="手机")
    assert raw.startswith(tokens.PREFIX) and len(raw) > 40
    stored = ApiToken.objects.filter(pk=token.pk).values()[0]
    assert raw not in {str(v) for v in stored.values()}
    assert stored["key_hash"] == tokens.digest(raw)


def test_a_live_token_works_and_marks_its_use(client, member_user):
    token, raw = tokens.create_token(actor=member_user, name="手机")
    r = Api(client, raw).get("/proposals")
    assert r.status_code == 200, r.content
    token.refresh_from_db()
    assert token.last_used_at is not None


def _assert_unauthorized(response):
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "unauthorized" and "令牌" in body["message"], body


def test_a_revoked_token_is_refused(client, member_user):
    token, raw = tokens.create_token(actor=member_user, name="手机")
    tokens.revoke_token(actor=member_user, token_id=token.pk)
    _assert_unauthorized(Api(client, raw).get("/proposals"))


def test_an_expired_token_is_refused(client, member_user):
    token, raw = tokens.create_token(actor=member_user, name="手机", days=30)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    _assert_unauthorized(Api(client, raw).get("/proposals"))


def test_a_disabled_account_and_a_forged_token_are_refused(client, member_user):
    _token, raw = tokens.create_token(actor=member_user, name="手机")
    _assert_unauthorized(Api(client, raw[:-1] + ("A" if raw[-1] != "A" else "B")).get("/proposals"))
    _assert_unauthorized(Api(client, "not-a-token").get("/proposals"))
    member_user.is_active = False
    member_user.save()
    _assert_unauthorized(Api(client, raw).get("/proposals"))


def test_nobody_revokes_someone_elses_token(member_user, make_user):
    token, _raw = tokens.create_token(actor=member_user, name="手机")
    with pytest.raises(ApiToken.DoesNotExist):
        tokens.revoke_token(actor=make_user(), token_id=token.pk)
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_page_makes_shows_once_and_revokes_in_the_audit_log(client_for, member_user):
    client = client_for(member_user)
    r = client.post("/account/tokens/", {"name": "我的手机", "days": "90"})
    assert r.status_code == 200
    raw = re.search(r"cppcc_[A-Za-z0-9_-]{40,}", r.content.decode()).group(0)
    token = ApiToken.objects.get(user=member_user)
    assert token.key_hash == tokens.digest(raw)
    page = client.get("/account/tokens/").content.decode()
    assert "我的手机" in page and raw not in page  # shown once only
    created = AuditEntry.objects.get(action=Action.API_TOKEN_CREATED)
    assert created.user_id == member_user.pk and created.target_id == str(token.pk)
    r = client.post(f"/account/tokens/{token.pk}/revoke/")
    assert r.status_code == 302
    assert AuditEntry.objects.filter(
        action=Action.API_TOKEN_REVOKED, target_id=str(token.pk)
    ).exists()
    _assert_unauthorized(Api(client, raw).get("/proposals"))


def test_the_page_says_what_is_wrong_in_chinese(client_for, member_user):
    client = client_for(member_user)
    r = client.post("/account/tokens/", {"name": "", "days": "7"})
    assert r.status_code == 400
    text = r.content.decode()
    assert "这个字段是必填项" in text or "请填写" in text or "必填" in text, text[:2000]
    assert not ApiToken.objects.exists()


@override_settings(RATE_LIMITS={"api": (3, 60)})
def test_requests_are_throttled_per_token(client, member_user):
    _t1, first = tokens.create_token(actor=member_user, name="手机")
    _t2, second = tokens.create_token(actor=member_user, name="平板")
    statuses = [Api(client, first).get("/categories").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    r = Api(client, first).get("/categories")
    assert r.json()["code"] == "throttled" and "Retry-After" in r
    assert Api(client, second).get("/categories").status_code == 200  # another device's own count
