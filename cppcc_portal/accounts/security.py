"""The security administrator's acts on other people's accounts (三员分立): reset a second
factor, unlock an account django-axes locked. Each is refused to everyone else, needs a
reason, is written to the security log with the state before and after, and is told to the
person concerned (a notification and an e-mail whatever their preferences). Linking a member
record to an account is the same kind of act; it lives with the members (members.accounts).
"""

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from cppcc_portal.audit.models import Action
from cppcc_portal.audit.services import audit

from .roles import is_security_admin

User = get_user_model()


def require_security_admin(actor):
    if not is_security_admin(actor):
        raise PermissionDenied


def refuse_own_account(actor, user):
    """A security administrator does not act on their own account (another one does)."""
    if actor.pk == user.pk:
        raise ValidationError(_("Another security administrator must do this for your account."))


def describe_act(*, reason: str, before: str, after: str) -> str:
    """The audit detail of an act: why, and the state before and after it."""
    return _("reason: %(reason)s; before: %(before)s; after: %(after)s") % {
        "reason": reason,
        "before": before,
        "after": after,
    }


def tell(user, *, kind: str, title: str, body: str, url: str = ""):
    """The person concerned hears of it: in the portal and by e-mail."""
    from cppcc_portal.notifications.services import notify

    notify(
        recipients=[user],
        kind=kind,
        title=title,
        body=body,
        url=url,
        target=user,
        always_email=True,
    )


# --- reads ----------------------------------------------------------------------------


def _lock_window_start():
    return timezone.now() - settings.AXES_COOLOFF_TIME


def failures(user) -> int:
    """Failed logins counted against the account name now (django-axes, per account)."""
    total = AccessAttempt.objects.filter(
        username__iexact=user.get_username(), attempt_time__gte=_lock_window_start()
    ).aggregate(n=Sum("failures_since_start"))["n"]
    return total or 0


def is_locked(user) -> bool:
    return failures(user) >= settings.AXES_FAILURE_LIMIT


def two_factor_state(user) -> str:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        return _("no device")
    codes = StaticDevice.objects.filter(user=user).aggregate(n=Count("token_set"))["n"]
    return _("device %(name)s enrolled %(date)s, %(n)d backup codes") % {
        "name": device.name,
        "date": timezone.localtime(device.created_at).strftime("%Y-%m-%d")
        if device.created_at
        else "—",
        "n": codes,
    }


def accounts(actor, *, query: str = "", only_locked: bool = False):
    """The accounts the security administrator looks after (everyone but superusers, whose
    accounts the system administrator keeps), with their two-factor and lock state."""
    if not is_security_admin(actor):
        return User.objects.none()
    locked_names = (
        AccessAttempt.objects.filter(attempt_time__gte=_lock_window_start())
        .values("username")
        .annotate(n=Sum("failures_since_start"))
        .filter(n__gte=settings.AXES_FAILURE_LIMIT)
        .values("username")
    )
    qs = (
        User.objects.filter(is_superuser=False)
        .annotate(
            has_device=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            locked=Exists(locked_names.filter(username__iexact=OuterRef("username"))),
        )
        .order_by("username")
    )
    if query:
        qs = qs.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
        )
    if only_locked:
        qs = qs.filter(locked=True)
    return qs


def account(actor, pk):
    require_security_admin(actor)
    return accounts(actor).get(pk=pk)


# --- acts -----------------------------------------------------------------------------


@transaction.atomic
def reset_two_factor(*, actor, user, reason: str, request=None) -> int:
    """Remove the user's authenticator device(s) and backup codes: they enrol again at
    their next login. Returns how many devices were removed."""
    require_security_admin(actor)
    refuse_own_account(actor, user)
    before = two_factor_state(user)
    devices = list(TOTPDevice.objects.filter(user=user))
    statics = list(StaticDevice.objects.filter(user=user))
    if not devices and not statics:
        raise ValidationError(_("This account has no second factor to reset."))
    for device in devices + statics:
        device._audited = True  # this entry says why; the deletion signal stays silent
        device.delete()
    audit(
        request=request,
        user=actor,
        action=Action.TWO_FACTOR_RESET,
        target=user,
        detail=describe_act(
            reason=reason, before=before, after=_("no device: enrols at the next login")
        ),
    )
    tell(
        user,
        kind="security.two_factor_reset",
        title=_("Your two-factor login was reset"),
        body=_(
            "The security administrator reset your authenticator app (reason: %(reason)s). "
            "At your next login you will enrol your app again. If you did not ask for this, "
            "tell the committee office at once."
        )
        % {"reason": reason},
        url=reverse("profile"),
    )
    return len(devices)


@transaction.atomic
def unlock_account(*, actor, user, reason: str, request=None) -> int:
    """Clear the failed logins django-axes counts against the account name (any case)."""
    require_security_admin(actor)
    refuse_own_account(actor, user)
    count = failures(user)
    if count < settings.AXES_FAILURE_LIMIT:
        raise ValidationError(_("This account is not locked."))
    attempts = AccessAttempt.objects.filter(username__iexact=user.get_username())
    addresses = sorted({str(a) for a in attempts.values_list("ip_address", flat=True) if a})
    attempts.delete()
    audit(
        request=request,
        user=actor,
        action=Action.ACCOUNT_UNLOCKED,
        target=user,
        detail=describe_act(
            reason=reason,
            before=_("locked after %(n)d failed logins from %(addresses)s")
            % {"n": count, "addresses": "、".join(addresses) or "—"},
            after=_("unlocked"),
        ),
    )
    tell(
        user,
        kind="security.unlocked",
        title=_("Your account was unlocked"),
        body=_(
            "Your account had been locked after %(n)d failed logins; the security administrator "
            "unlocked it (reason: %(reason)s). If those attempts were not yours, change your "
            "password."
        )
        % {"n": count, "reason": reason},
        url=reverse("password_change"),
    )
    return count
