from django.contrib import admin

from .models import Activity, Assignment, Opinion, Station, StationKind, VisitRound


@admin.register(StationKind)
class StationKindAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "is_home", "order")
    list_editable = ("order",)


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ("member",)
    fields = ("member", "since", "until")


@admin.register(Station)
class StationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "street", "sector", "head", "instructor", "is_active")
    list_filter = ("kind", "is_active", "street")
    search_fields = ("name", "address")
    autocomplete_fields = ("head", "leaders_in_charge", "instructor")
    list_select_related = ("kind", "street", "sector", "head", "instructor")


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("member", "station", "since", "until")
    list_filter = ("station_kind", "station")
    search_fields = ("member__name", "member__number", "station__name")
    autocomplete_fields = ("member", "station")
    list_select_related = ("member", "station")


@admin.register(VisitRound)
class VisitRoundAdmin(admin.ModelAdmin):
    list_display = ("station", "year", "quarter", "theme", "due_on")
    list_filter = ("year", "quarter")


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    """Read-only: activities are recorded on the station pages, which write duty records."""

    list_display = ("date", "title", "station", "kind", "residents_reached")
    list_filter = ("kind", "station__kind")
    search_fields = ("title",)
    list_select_related = ("station",)
    date_hierarchy = "date"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Opinion)
class OpinionAdmin(admin.ModelAdmin):
    """Read-only: the opinion's life runs through the station pages' services."""

    list_display = ("receipt_code", "station", "category", "state", "received_at")
    list_filter = ("state", "category", "source")
    search_fields = ("receipt_code", "content")
    list_select_related = ("station",)
    exclude = ("conversion_type", "conversion_id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
