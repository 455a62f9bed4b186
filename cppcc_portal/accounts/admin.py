"""Two-factor devices in the admin: staff may see who enrolled and reset (delete) a
device so its owner enrols again; the secret key is never shown."""

import contextlib

from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

with contextlib.suppress(NotRegistered):
    admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TwoFactorDeviceAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields
    actions = ["reset_devices"]

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("user")
        if not request.user.is_superuser:  # an administrator's device is theirs to manage
            qs = qs.exclude(user__is_superuser=True)
        return qs

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(
        description=_("Reset the selected devices (the owner enrols again)"), permissions=["delete"]
    )
    def reset_devices(self, request, queryset):
        count = 0
        for device in queryset:
            device.delete()  # each deletion is audit-logged (post_delete)
            count += 1
        self.message_user(request, _("%(n)d devices reset.") % {"n": count})
