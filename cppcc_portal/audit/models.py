"""The security audit log: append-only (UPDATE, DELETE and TRUNCATE refused by database
triggers) and hash-chained: each entry stores the hash of the one before it, so a row
removed or changed behind the triggers' back breaks the chain (`verify_audit_chain`)."""

import pgtrigger
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Action(models.TextChoices):
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Login failed")
    LOCKED_OUT = "locked_out", _("Account locked out")
    LOGOUT = "logout", _("Logged out")
    PASSWORD_CHANGED = "password_changed", pgettext_lazy("audit", "Password changed")
    PASSWORD_EXPIRED = "password_expired", _("Password expired")
    TWO_FACTOR_ENROLLED = "2fa_enrolled", _("Two-factor device enrolled")
    TWO_FACTOR_VERIFIED = "2fa_verified", _("Two-factor code accepted")
    TWO_FACTOR_FAILED = "2fa_failed", _("Two-factor code refused")
    TWO_FACTOR_RESET = "2fa_reset", _("Two-factor device reset")
    BACKUP_CODES_CREATED = "backup_codes", _("Backup codes created")
    BACKUP_CODE_USED = "backup_code_used", _("Backup code used")
    ACCOUNT_UNLOCKED = "account_unlocked", _("Account unlocked")
    MEMBER_LINKED = "member_linked", _("Member record linked to an account")
    PERMISSION_CHANGED = "permission_changed", _("Permissions changed")
    ADMIN_CHANGE = "admin_change", _("Change in the administration")
    EXPORT = "export", _("Data exported")
    DOWNLOAD = "download", _("File downloaded")
    API_TOKEN_CREATED = "api_token_created", _("API token created")
    API_TOKEN_REVOKED = "api_token_revoked", _("API token revoked")
    IMPORT = "import", _("Data imported")


class AuditEntry(models.Model):
    """One security event. References are kept without database constraints so a
    deleted user or content type never forces an UPDATE of the log."""

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    username = models.CharField(_("user name"), max_length=150, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=255, blank=True)
    action = models.CharField(_("action"), max_length=32, choices=Action.choices, db_index=True)
    target_type = models.ForeignKey(
        ContentType,
        verbose_name=_("target type"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_repr = models.CharField(_("target"), max_length=200, blank=True)
    detail = models.TextField(_("detail"), blank=True)
    prev_hash = models.CharField(_("previous entry's hash"), max_length=64, blank=True)
    entry_hash = models.CharField(_("hash"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["action", "-created_at"], name="audit_action_time")]
        triggers = [
            pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete),
            pgtrigger.Trigger(
                name="no_truncate",
                level=pgtrigger.Statement,
                when=pgtrigger.Before,
                operation=pgtrigger.Truncate,
                # a test database (Django's test_… copy) is emptied between tests by TRUNCATE
                func=(
                    "IF current_database() LIKE 'test\\_%' THEN RETURN NULL; END IF; "
                    "RAISE EXCEPTION 'pgtrigger: Cannot truncate % table', TG_TABLE_NAME;"
                ),
            ),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.username} {self.action}"

    def save(self, *args, **kwargs):
        """A new entry is chained to the last one (chain.append); entries are never saved
        twice (the triggers refuse any UPDATE)."""
        if self._state.adding:
            from .chain import append

            return append(self, *args, **kwargs)
        return super().save(*args, **kwargs)

    def save_unchained(self, *args, **kwargs):
        return super().save(*args, **kwargs)
