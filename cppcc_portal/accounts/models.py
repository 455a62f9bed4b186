from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PasswordHistory(models.Model):
    """Hashes of a user's recent passwords (never the passwords): refuses reuse and dates
    the current password for expiry. The newest row is the current password."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="password_history",
    )
    password = models.CharField(_("password hash"), max_length=128)
    created_at = models.DateTimeField(_("changed at"), default=timezone.now)
    # set by someone else (staff creating the account, a password set in the admin): its
    # holder must change it before anything else
    handed_out = models.BooleanField(_("handed out by staff"), default=False)

    class Meta:
        verbose_name = _("previous password")
        verbose_name_plural = _("previous passwords")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="pwhistory_user_time")]

    def __str__(self):
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"


class LoginSession(models.Model):
    """One signed-in browser of a user, keyed on its session: what "my sessions" lists and
    "log out elsewhere" ends. The session itself stays in Django's session store."""

    session_key = models.CharField(_("session key"), max_length=40, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="login_sessions",
    )
    user_agent = models.CharField(_("browser"), max_length=255, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    started_at = models.DateTimeField(_("signed in at"), default=timezone.now)
    last_seen = models.DateTimeField(_("last seen"), default=timezone.now)

    class Meta:
        verbose_name = _("signed-in session")
        verbose_name_plural = _("signed-in sessions")
        ordering = ["-last_seen", "-id"]

    def __str__(self):
        return f"{self.user_id} {self.started_at:%Y-%m-%d %H:%M}"
