from django.contrib import admin

from .models import HandlingUnit


@admin.register(HandlingUnit)
class HandlingUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "head_name", "phone", "is_active", "order")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "short_name")
    filter_horizontal = ("liaisons",)
    autocomplete_fields = ("head_user",)
