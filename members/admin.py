from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.pagination import CappedCountPaginator

from .models import (
    CommitteeMembership,
    DutyKind,
    DutyRecord,
    EvaluationBand,
    HandlingUnit,
    Member,
    MemberPost,
    Nomination,
    PointRule,
    PointsRecompute,
    Post,
    ReadingGroup,
    RetentionSettings,
    Sector,
    Session,
    SpecialCommittee,
    Street,
    StudyMaterial,
    Term,
    Training,
    TrainingAttendance,
    YearlyMinimum,
)


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ("name", "number", "start_date", "end_date", "is_current", "closed_at")
    readonly_fields = ("closed_at", "closed_by")  # set by the term change (members.terms)
    inlines = [SessionInline]


@admin.register(RetentionSettings)
class RetentionSettingsAdmin(admin.ModelAdmin):
    """[L] how long personal data of members who left is kept (administrators only)."""

    list_display = ("__str__", "retention_years")

    def has_add_permission(self, request):
        return not RetentionSettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "term",
        "year",
        "start_date",
        "end_date",
        "proposal_window_start",
        "proposal_window_end",
    )
    list_filter = ("term",)


@admin.register(Sector, SpecialCommittee, Street, Post)
class CatalogueAdmin(admin.ModelAdmin):
    list_display = ("__str__", "order")
    list_editable = ("order",)
    search_fields = ("name",)


class CommitteeMembershipInline(admin.TabularInline):
    model = CommitteeMembership
    extra = 0
    autocomplete_fields = ("committee",)


class MemberPostInline(admin.TabularInline):
    model = MemberPost
    extra = 0


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = (
        "number",
        "name",
        "gender",
        "sector",
        "affiliation",
        "work_unit",
        "street",
        "status",
    )
    list_filter = (
        "status",
        "sector",
        "affiliation",
        "gender",
        "in_system",
        "terms",
        "committees",
        "street",
    )
    search_fields = ("name", "number", "work_unit")
    list_select_related = ("sector", "street")
    autocomplete_fields = ("sector", "street")
    # which account is a member's is the security administrator's to change, with a reason
    # (members.accounts): read-only here, for the system administrator as for staff
    readonly_fields = ("user",)
    filter_horizontal = ("terms",)
    inlines = [CommitteeMembershipInline, MemberPostInline]
    list_per_page = 50
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "number",
                    "name",
                    "gender",
                    "ethnicity",
                    "birth_date",
                    "native_place",
                    "education",
                )
            },
        ),
        (_("Affiliation"), {"fields": ("affiliation", "sector", "terms", "status", "user")}),
        (
            _("Work"),
            {"fields": ("work_unit", "job_title", "professional_title", "in_system", "street")},
        ),
        (_("Personal data"), {"fields": ("phone", "id_number", "address", "email")}),
    )


@admin.register(PointRule)
class PointRuleAdmin(admin.ModelAdmin):
    list_display = ("kind", "term", "points", "yearly_cap")
    list_filter = ("term",)
    list_editable = ("points", "yearly_cap")


class LedgerYearFilter(admin.SimpleListFilter):
    """The ledger's years from the kept totals (a DISTINCT over the ledger itself reads it all)."""

    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        from .totals import ledger_years

        return [(y, y) for y in ledger_years()]

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(year=value) if value and value.isdigit() else queryset


@admin.register(DutyRecord)
class DutyRecordAdmin(admin.ModelAdmin):
    """Read-only: the ledger is written by the services, corrected by new records."""

    list_display = ("member", "kind", "occurred_on", "points", "title", "voided_at")
    list_filter = (LedgerYearFilter, "kind")
    search_fields = ("member__name", "title")
    list_select_related = ("member",)
    # Millions of rows: no date_hierarchy (a DISTINCT over every date), no full count beside
    # the filtered one, and the newest year first, latest occurrence first within it — the
    # order of the (year, occurred_on, id) index read backwards, so a page filtered by any
    # year is a page of the index (down the primary key, a past year meant walking past
    # every later record); the count stops at 10,000.
    show_full_result_count = False
    paginator = CappedCountPaginator
    ordering = ("-year", "-occurred_on", "-id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EvaluationBand)
class EvaluationBandAdmin(admin.ModelAdmin):
    list_display = ("name", "term", "min_points", "needs_talk", "css")
    list_filter = ("term",)


class YearlyMinimumForm(forms.ModelForm):
    # Ticked kinds instead of the comma-separated text of an ArrayField: nothing to mistype,
    # and a typed "%" no longer breaks Django's item error message (a server error).
    kinds = forms.MultipleChoiceField(
        label=_("kinds of duty that meet it"),
        choices=DutyKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = YearlyMinimum
        fields = ["name", "kinds", "order", "active"]


@admin.register(YearlyMinimum)
class YearlyMinimumAdmin(admin.ModelAdmin):
    form = YearlyMinimumForm
    list_display = ("name", "kinds", "order", "active")
    list_editable = ("order", "active")


@admin.register(ReadingGroup)
class ReadingGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "description")
    search_fields = ("name",)
    autocomplete_fields = ("members",)


@admin.register(StudyMaterial)
class StudyMaterialAdmin(admin.ModelAdmin):
    list_display = ("title", "group", "published_on")
    list_filter = ("group",)
    search_fields = ("title",)
    exclude = ("file", "file_name", "created_by")  # files go through the validated upload page


class TrainingAttendanceInline(admin.TabularInline):
    model = TrainingAttendance
    extra = 0
    autocomplete_fields = ("member",)
    readonly_fields = ("recorded_at",)

    def has_add_permission(self, request, obj=None):
        return False  # attendance goes through the service, which records the duty


@admin.register(Training)
class TrainingAdmin(admin.ModelAdmin):
    list_display = ("title", "held_on", "place")
    date_hierarchy = "held_on"
    inlines = [TrainingAttendanceInline]


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ("member", "year", "points", "nominated_by", "created_at")
    list_filter = ("year",)
    list_select_related = ("member", "nominated_by")


@admin.register(PointsRecompute)
class PointsRecomputeAdmin(admin.ModelAdmin):
    list_display = ("year", "state", "rows_changed", "seconds", "requested_by", "created_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(HandlingUnit)
class HandlingUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "head_name", "phone", "is_active", "order")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "short_name")
    filter_horizontal = ("liaisons",)
    autocomplete_fields = ("head_user",)
