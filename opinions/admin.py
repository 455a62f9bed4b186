"""Admin: the recipients list is configured here [L]; reports are read-only (services write)."""

from django.contrib import admin

from .models import BulletinIssue, Recipient, Report


@admin.register(Recipient)
class RecipientAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "is_active", "order"]
    list_editable = ["is_active", "order"]
    list_filter = ["level", "is_active"]
    search_fields = ["name"]


@admin.register(BulletinIssue)
class BulletinIssueAdmin(admin.ModelAdmin):
    list_display = ["__str__", "year", "number", "published_on", "signed_off_by"]
    list_filter = ["year"]
    readonly_fields = ["year", "number", "created_by"]

    def has_add_permission(self, request):
        return False  # numbers come from the adoption service, gap-free


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["title", "member", "state", "year", "issue"]
    list_filter = ["state", "year"]
    search_fields = ["title"]
    list_select_related = ["member", "issue"]
    raw_id_fields = ["member", "issue", "merged_into"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
