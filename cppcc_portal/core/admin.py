from django.contrib import admin

from .models import Counter, Heartbeat


@admin.register(Counter)
class CounterAdmin(admin.ModelAdmin):
    list_display = ("key", "value")
    search_fields = ("key",)

    def has_change_permission(self, request, obj=None):
        return False  # numbers are issued only by the services

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ("name", "at")
