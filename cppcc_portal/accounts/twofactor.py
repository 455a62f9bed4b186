"""Two-factor login (TOTP): who needs it, enrolment, the QR code."""

import base64
from urllib.parse import quote

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from cppcc_portal.core.qr import qr_data_uri  # noqa: F401  (the enrolment page's code)

from . import passwords
from .roles import SECURITY_ROLES, STAFF_ROLES, Role, has_role

SESSION_FAILURES = "two_factor_failures"


def enforced() -> bool:
    return bool(getattr(settings, "REQUIRE_2FA", True))


def requires_two_factor(user) -> bool:
    """Staff roles, leaders, the security duties, superusers and anyone who may open the
    admin."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(
        user.is_superuser
        or user.is_staff
        or has_role(user, *STAFF_ROLES, *SECURITY_ROLES, Role.LEADER)
    )


def is_verified(user) -> bool:
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def pending(request) -> bool:
    """The user has signed in but not yet passed the login gates (a second factor to enrol or
    give, or a password to change): until then the pages show no menu, only logging out."""
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False):
        return False
    if enforced() and requires_two_factor(user) and not is_verified(user):
        return True
    return bool(passwords.must_change(request))


def password_first(request) -> bool:
    """Enrolment waits until the password staff handed out has been changed."""
    return passwords.handed_out(request) and confirmed_device(request.user) is None


def confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def enrolment_device(user):
    """The user's unconfirmed device, created on first use; its secret is shown once more
    on every visit until a code from it is accepted."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)
    return device


def secret_base32(device) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def config_url(device) -> str:
    issuer = getattr(settings, "OTP_TOTP_ISSUER", settings.SITE_TITLE)
    label = quote(f"{issuer}:{device.user.get_username()}")
    return (
        f"otpauth://totp/{label}?secret={secret_base32(device)}"
        f"&issuer={quote(issuer)}&digits={device.digits}&period={device.step}"
    )
