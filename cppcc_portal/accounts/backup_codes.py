"""One-time backup codes (django-otp's static tokens) for a lost phone.

The codes are shown once, when made; the database keeps only a keyed hash of each
(`StaticToken.token` holds 16 characters: the first 96 bits of an HMAC-SHA256 under the
SECRET_KEY, base64), so a copy of the database does not give them away. A code is accepted
at the two-factor step in place of the app's 6 digits, once. A SECRET_KEY rotated with the
old key in SECRET_KEY_FALLBACKS keeps them working.
"""

import base64
import secrets

from django.conf import settings
from django.db import transaction
from django.utils.crypto import salted_hmac
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

DEVICE_NAME = "backup"
COUNT = 10
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read off paper without doubt
LENGTH = 10  # 31^10 ≈ 2^49.5
_SALT = "cppcc_portal.accounts.backup_codes"


def normalise(code: str) -> str:
    return "".join(c for c in (code or "").lower() if c.isalnum())


def looks_like_code(code: str) -> bool:
    value = normalise(code)
    return len(value) == LENGTH and all(c in ALPHABET for c in value)


def _digest(code: str, secret: str) -> str:
    mac = salted_hmac(_SALT, normalise(code), secret=secret, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(mac[:12]).decode()


def hashes(code: str) -> list[str]:
    """The stored form of a code under the current key and every fallback key."""
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [_digest(code, key) for key in keys]


def display(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def device_for(user):
    return StaticDevice.objects.filter(user=user, name=DEVICE_NAME).order_by("pk").first()


def remaining(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=DEVICE_NAME).count()


@transaction.atomic
def replace_codes(user) -> list[str]:
    """New codes for the user (the old ones stop working); returns them for showing once."""
    device = device_for(user)
    if device is None:
        device = StaticDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
    device.token_set.all().delete()
    codes = ["".join(secrets.choice(ALPHABET) for _ in range(LENGTH)) for _ in range(COUNT)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=hashes(code)[0]) for code in codes
    )
    return [display(code) for code in codes]


@transaction.atomic
def use_code(user, code: str):
    """The user's backup device when `code` is one of their unused codes (it is used up),
    else None. Throttled as django-otp throttles a static device."""
    if not looks_like_code(code):
        return None
    device = StaticDevice.objects.select_for_update().filter(user=user, name=DEVICE_NAME).first()
    if device is None:
        return None
    allowed, _info = device.verify_is_allowed()
    if not allowed:
        return None
    match = device.token_set.filter(token__in=hashes(code)).first()
    if match is None:
        device.throttle_increment()
        return None
    match.delete()
    device.throttle_reset(commit=False)
    device.set_last_used_timestamp(commit=False)
    device.save()
    return device
