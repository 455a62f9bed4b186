"""The admin of the security duties (三员分立).

- Second-factor devices: the security administrator sees who enrolled (never a secret);
  resets go through the portal's page, which asks for the reason and tells the owner.
- Backup codes: not in the admin (the codes are stored hashed, nothing to read).
- django-axes' login locks and login records: the security administrator sees the locks
  (unlocking goes through the portal's page), the security auditor the locks and the logs.
- Users: the system administrator (a superuser) keeps accounts and groups; one account never
  holds two of the three security duties.
None of these is readable or writable by a business role, nor by a superuser as such.
"""

import contextlib

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .roles import Role, conflicting_duties, has_role

User = get_user_model()

for _model in (TOTPDevice, StaticDevice, AccessAttempt, AccessLog, AccessFailureLog, User):
    with contextlib.suppress(NotRegistered):
        admin.site.unregister(_model)


class DutyViewOnly:
    """Read-only, and only for the roles named in `viewers` (superusers are not in it)."""

    viewers: frozenset = frozenset()

    def _allowed(self, request):
        return has_role(request.user, *self.viewers)

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        return {}


@admin.register(TOTPDevice)
class TwoFactorDeviceAdmin(DutyViewOnly, admin.ModelAdmin):
    viewers = frozenset({Role.SECURITY_ADMIN})
    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


@admin.register(AccessAttempt)
class LoginLockAdmin(DutyViewOnly, AccessAttemptAdmin):
    viewers = frozenset({Role.SECURITY_ADMIN, Role.SECURITY_AUDITOR})


@admin.register(AccessLog)
class LoginLogAdmin(DutyViewOnly, AccessLogAdmin):
    viewers = frozenset({Role.SECURITY_AUDITOR})


@admin.register(AccessFailureLog)
class LoginFailureLogAdmin(DutyViewOnly, AccessFailureLogAdmin):
    viewers = frozenset({Role.SECURITY_AUDITOR})


class DutiesCheckMixin:
    """The user form refuses an account holding two of the three security duties."""

    def clean(self):
        data = super().clean()
        groups = data.get("groups")
        if groups is None and self.instance.pk:
            groups = self.instance.groups.all()
        names = {g.name for g in groups or ()}
        is_superuser = data.get("is_superuser", getattr(self.instance, "is_superuser", False))
        if conflicting_duties(is_superuser=is_superuser, roles=names):
            raise forms.ValidationError(
                _(
                    "The system administrator (superuser), the security administrator and the "
                    "security auditor must be three different people: one account may hold "
                    "only one of these duties."
                )
            )
        return data


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    """Django's user admin (superusers only, as before), refusing two security duties on one
    account. A password set here is marked handed out: its holder changes it at login."""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (DutiesCheckMixin, form), {})
