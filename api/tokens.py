"""Device tokens: made and revoked by their owner (each in the security log), looked up by
hash, last use kept to the minute."""

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc_portal.audit.models import Action
from cppcc_portal.audit.services import audit

from .models import ApiToken

PREFIX = "cppcc_"
LIFETIMES = (30, 90, 180, 365)  # days a token may live; the page offers these
MAX_ACTIVE = 10  # live tokens per account
NAME_MAX = 60
TOUCH_EVERY = timedelta(minutes=1)


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()


def tokens_of(user):
    """The user's own tokens, newest first (never anyone else's)."""
    if not getattr(user, "is_authenticated", False):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user)


@transaction.atomic
def create_token(*, actor, name: str, days: int = 90, request=None) -> tuple[ApiToken, str]:
    """A new token for the actor's device; returns it and the raw token (shown once)."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Log in to create a token."))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Name the device.")})
    if len(name) > NAME_MAX:
        raise ValidationError({"name": _("At most %(n)d characters.") % {"n": NAME_MAX}})
    if days not in LIFETIMES:
        raise ValidationError({"days": _("Choose a lifetime from the list.")})
    now = timezone.now()
    live = tokens_of(actor).filter(revoked_at__isnull=True, expires_at__gt=now)
    if live.count() >= MAX_ACTIVE:
        raise ValidationError(
            {"name": _("At most %(n)d live tokens: revoke one first.") % {"n": MAX_ACTIVE}}
        )
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor,
        name=name,
        prefix=raw[len(PREFIX) : len(PREFIX) + 8],
        key_hash=digest(raw),
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    audit(
        request=request,
        user=actor,
        action=Action.API_TOKEN_CREATED,
        target=token,
        detail=f"{name} · {days}",
    )
    return token, raw


@transaction.atomic
def revoke_token(*, actor, token_id: int, request=None) -> ApiToken:
    """The owner revokes one of their tokens; someone else's is not found."""
    token = tokens_of(actor).select_for_update().filter(pk=token_id).first()
    if token is None:
        raise ApiToken.DoesNotExist
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit(
            request=request,
            user=actor,
            action=Action.API_TOKEN_REVOKED,
            target=token,
            detail=token.name,
        )
    return token


def authenticate(raw: str):
    """The live token for `raw` with its user, or None (unknown, revoked, expired, or the
    account disabled). Marks its last use, at most once a minute."""
    if not raw or not raw.startswith(PREFIX) or len(raw) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=digest(raw)).first()
    now = timezone.now()
    if token is None or not token.is_active(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
