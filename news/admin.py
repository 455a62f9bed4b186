"""The admin keeps the category catalogue; articles and notices are written on the portal's
own pages (which sanitise bodies and snapshot recipients), so here they are read-only."""

from django.contrib import admin

from .models import Article, Category, Notice, NoticeRecipient


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "order", "is_active")
    list_editable = ("order", "is_active")
    search_fields = ("name",)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Article)
class ArticleAdmin(ReadOnlyAdmin):
    list_display = ("title", "category", "visibility", "status", "publish_at", "author")
    list_filter = ("status", "visibility", "category")
    search_fields = ("title",)
    date_hierarchy = "publish_at"
    exclude = ("body",)


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ("title", "audience", "status", "published_at", "reply_by")
    list_filter = ("status", "audience")
    search_fields = ("title",)
    raw_id_fields = ("chosen_members",)


@admin.register(NoticeRecipient)
class NoticeRecipientAdmin(ReadOnlyAdmin):
    list_display = ("notice", "member", "read_at", "confirmed_at")
    list_select_related = ("notice", "member")
    raw_id_fields = ("notice", "member", "user")
