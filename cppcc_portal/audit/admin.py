from django.contrib import admin

from cppcc_portal.accounts.roles import is_security_auditor

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only, and only for the security auditor (superusers included in the refusal):
    the log is append-only."""

    list_display = ["created_at", "username", "action", "target_repr", "ip_address"]
    list_filter = ["action", "created_at"]
    search_fields = ["username", "target_repr", "detail"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
    fields = [
        "created_at",
        "user",
        "username",
        "ip_address",
        "user_agent",
        "action",
        "target_type",
        "target_id",
        "target_repr",
        "detail",
    ]
    list_select_related = False
    show_full_result_count = False

    def has_view_permission(self, request, obj=None):
        return is_security_auditor(request.user)

    def has_module_permission(self, request):
        return is_security_auditor(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        return {}
