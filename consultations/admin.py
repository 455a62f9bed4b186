from django.contrib import admin

from .models import (
    Attendance,
    Consultation,
    ConsultationForm,
    ConsultationPlan,
    ConsultationSettings,
    Inspection,
    Meeting,
    PlanItem,
    Rectification,
    ResearchProject,
    ResearchReport,
    SupervisionItem,
    SupervisionPlan,
)


@admin.register(ConsultationForm)
class ConsultationFormAdmin(admin.ModelAdmin):
    list_display = ("name", "description", "is_active", "order")
    list_editable = ("is_active", "order")


@admin.register(ConsultationSettings)
class ConsultationSettingsAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "outcome_working_days",
        "feedback_working_days",
        "sign_in_hours_before",
    )

    def has_add_permission(self, request):
        return not ConsultationSettings.objects.exists()


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    extra = 0
    fields = ("topic", "form", "planned_month", "lead_leader", "committee")


@admin.register(ConsultationPlan)
class ConsultationPlanAdmin(admin.ModelAdmin):
    list_display = ("title", "year", "approved_on")
    inlines = [PlanItemInline]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Writes go through the services (duty records, deadlines); the admin only reads."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    list_display = ("topic", "year", "form", "state", "scheduled_on")
    list_filter = ("year", "state", "form")
    search_fields = ("topic",)


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "starts_at", "attendance_closed")
    list_filter = ("kind",)
    search_fields = ("title",)


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    list_display = ("meeting", "member", "status")
    list_filter = ("status",)
    list_select_related = ("meeting", "member")


@admin.register(SupervisionPlan)
class SupervisionPlanAdmin(admin.ModelAdmin):
    list_display = ("title", "year", "approved_on")


@admin.register(SupervisionItem)
class SupervisionItemAdmin(ReadOnlyAdmin):
    list_display = ("topic", "plan", "form", "planned_month")


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ("title", "held_on", "target_unit")


@admin.register(Rectification)
class RectificationAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "responsible_unit", "deadline", "state")
    list_filter = ("state",)


@admin.register(ResearchProject)
class ResearchProjectAdmin(ReadOnlyAdmin):
    list_display = ("topic", "committee", "starts_on", "ends_on")


@admin.register(ResearchReport)
class ResearchReportAdmin(ReadOnlyAdmin):
    list_display = ("title", "author_member", "author_committee", "submitted_on")
