"""The Django admin, refused to a session without a verified second factor (when 2FA is
enforced) — the middleware already sends such a user to the code page; this is the
admin's own check, as django-otp's OTPAdminSite does."""

from django.contrib import admin

from . import twofactor


class PortalAdminSite(admin.AdminSite):
    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        return not twofactor.enforced() or twofactor.is_verified(request.user)
