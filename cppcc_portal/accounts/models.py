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

    class Meta:
        verbose_name = _("previous password")
        verbose_name_plural = _("previous passwords")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="pwhistory_user_time")]

    def __str__(self):
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"
