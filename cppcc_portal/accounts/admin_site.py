"""The Django admin, refused to a session without a verified second factor (when 2FA is
enforced) — the middleware already sends such a user to the code page; this is the
admin's own check, as django-otp's OTPAdminSite does."""

from django.contrib import admin
from django.contrib.admin.actions import delete_selected

from . import twofactor


def audited_delete_selected(modeladmin, request, queryset):
    """Django's bulk delete, audit-logged: the admin records bulk deletions with
    bulk_create, which sends no signal."""
    from cppcc_portal.audit.models import Action
    from cppcc_portal.audit.services import audit

    before = {obj.pk: str(obj) for obj in queryset}
    response = delete_selected(modeladmin, request, queryset)
    gone = set(before) - set(
        queryset.model._default_manager.filter(pk__in=before).values_list("pk", flat=True)
    )
    if gone:
        names = "、".join(before[pk] for pk in sorted(gone, key=str))
        audit(
            request=request,
            action=Action.ADMIN_CHANGE,
            detail=f"delete {queryset.model._meta.label}: {names}",
        )
    return response


audited_delete_selected.short_description = delete_selected.short_description
audited_delete_selected.allowed_permissions = delete_selected.allowed_permissions


class PortalAdminSite(admin.AdminSite):
    @property
    def login_form(self):
        from .forms import AdminLoginForm

        return AdminLoginForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._actions["delete_selected"] = audited_delete_selected
        self._global_actions["delete_selected"] = audited_delete_selected

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        return not twofactor.enforced() or twofactor.is_verified(request.user)
