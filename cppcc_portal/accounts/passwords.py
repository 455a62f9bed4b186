"""Password policy: complexity, no reuse of recent passwords, expiry.

Django calls every validator's `password_changed()` after a password is saved (forms,
admin, reset, `createsuperuser`, `changepassword`): that is where the history is kept.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

SESSION_KEY = "password_changed_at"
SESSION_HANDED_OUT = "password_handed_out"


def history_size() -> int:
    return getattr(settings, "PASSWORD_HISTORY_COUNT", 5)


class ComplexityValidator:
    """At least `min_classes` of: lower-case letters, upper-case letters, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    @staticmethod
    def classes(password: str) -> int:
        return sum(
            (
                any(c.islower() for c in password),
                any(c.isupper() for c in password),
                any(c.isdigit() for c in password),
                any(not c.isalnum() for c in password),
            )
        )

    def validate(self, password, user=None):
        if self.classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return _(
            "Your password must contain at least %(n)d of: lower-case letters, upper-case "
            "letters, digits, symbols."
        ) % {"n": self.min_classes}


class PasswordHistoryValidator:
    """Refuses the current password and the last `count` ones; records each new one."""

    def __init__(self, count: int | None = None):
        self._count = count

    @property
    def count(self) -> int:
        return self._count if self._count is not None else history_size()

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        from .models import PasswordHistory

        hashes = list(
            PasswordHistory.objects.filter(user_id=user.pk).values_list("password", flat=True)[
                : self.count
            ]
        )
        if user.password:
            hashes.append(user.password)
        if any(check_password(password, encoded) for encoded in hashes):
            raise ValidationError(self.get_help_text(), code="password_reused")

    def get_help_text(self):
        return ngettext(
            "Your password must differ from your last %(n)d password.",
            "Your password must differ from your last %(n)d passwords.",
            self.count,
        ) % {"n": self.count}

    def password_changed(self, password, user=None):
        if user is None or user.pk is None or not user.password:
            return
        record_password_change(user, count=self.count)


def record_password_change(user, *, count: int | None = None):
    """Keep the new hash (and at most `count` in all), date it, audit it. A password set by
    someone else (staff creating the account or setting a password in the admin) is marked
    handed out: its holder must choose their own before anything else, enrolment of a
    second factor included."""
    from cppcc_portal.audit.context import current_request
    from cppcc_portal.audit.models import Action
    from cppcc_portal.audit.services import audit

    from .models import PasswordHistory

    count = count if count is not None else history_size()
    had_history = PasswordHistory.objects.filter(user_id=user.pk).exists()
    now = timezone.now()
    request = current_request()
    acting = getattr(request, "user", None) if request is not None else None
    acting_pk = acting.pk if getattr(acting, "is_authenticated", False) else None
    handed_out = acting_pk is not None and acting_pk != user.pk
    PasswordHistory.objects.create(
        user_id=user.pk, password=user.password, created_at=now, handed_out=handed_out
    )
    stale = PasswordHistory.objects.filter(user_id=user.pk).values_list("pk", flat=True)[count:]
    PasswordHistory.objects.filter(pk__in=list(stale)).delete()
    if acting_pk == user.pk and getattr(request, "session", None) is not None:
        request.session[SESSION_KEY] = now.isoformat()
        request.session[SESSION_HANDED_OUT] = False
    if handed_out:
        audit(user=acting, target=user, action=Action.PASSWORD_CHANGED, detail="handed out")
    elif had_history:
        audit(user=user, target=user, action=Action.PASSWORD_CHANGED)


def password_state(user) -> tuple[datetime, bool]:
    """When the current password was set (the newest history row, else the join date) and
    whether it was handed out by someone else."""
    from .models import PasswordHistory

    latest = (
        PasswordHistory.objects.filter(user_id=user.pk)
        .values_list("created_at", "handed_out")
        .first()
    )
    return latest if latest else (user.date_joined, False)


def password_changed_at(user) -> datetime:
    return password_state(user)[0]


def expiry_days() -> int:
    return int(getattr(settings, "PASSWORD_EXPIRY_DAYS", 90) or 0)


def remember_in_session(request, user):
    """Store the password's date and origin in the session (at login) so no request needs
    a query."""
    changed_at, handed_out = password_state(user)
    request.session[SESSION_KEY] = changed_at.isoformat()
    request.session[SESSION_HANDED_OUT] = handed_out


def handed_out(request) -> bool:
    """The signed-in user still has the password someone else set for them."""
    if SESSION_HANDED_OUT not in request.session:
        remember_in_session(request, request.user)
    return bool(request.session.get(SESSION_HANDED_OUT))


def must_change(request) -> str | None:
    """Why the user must choose a new password before anything else: "handed_out",
    "expired", or None."""
    if handed_out(request):
        return "handed_out"
    return "expired" if password_expired(request) else None


def password_expired(request) -> bool:
    days = expiry_days()
    if days <= 0:
        return False
    stamp = request.session.get(SESSION_KEY)
    if stamp is None:
        remember_in_session(request, request.user)
        stamp = request.session[SESSION_KEY]
    try:
        changed = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        remember_in_session(request, request.user)
        changed = datetime.fromisoformat(request.session[SESSION_KEY])
    return timezone.now() - changed > timedelta(days=days)
