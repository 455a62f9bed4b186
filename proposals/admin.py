"""Admin: staff find and correct proposals and see their history; the status and the
workflow's own fields are read-only here — only the workflow moves a proposal."""

from django.apps import apps
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    Assignment,
    CompilationJob,
    CoSigner,
    MemberLetter,
    NotRegisteredGround,
    Proposal,
    ProposalCategory,
    ProposalEvent,
    ProposalSettings,
    Reply,
)


@admin.register(ProposalSettings)
class ProposalSettingsAdmin(admin.ModelAdmin):
    list_display = ("__str__", "reply_months", "rehandling_cap", "number_format")

    def has_add_permission(self, request):
        return not ProposalSettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProposalCategory)
class ProposalCategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "order", "is_active")
    list_editable = ("order", "is_active")


@admin.register(NotRegisteredGround)
class NotRegisteredGroundAdmin(admin.ModelAdmin):
    list_display = ("text", "order", "is_active")
    list_editable = ("order", "is_active")


class CoSignerInline(admin.TabularInline):
    model = CoSigner
    extra = 0
    fields = ("member", "state", "on_paper", "due_on", "responded_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    fields = ("unit", "role", "state", "return_due_on", "due_on", "signed_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ReplyInline(admin.StackedInline):
    model = Reply
    extra = 0
    fields = (
        "unit",
        "round",
        "status",
        "result",
        "text",
        "signer",
        "is_public",
        "disclosure_objection",
        "disclosure",
        "disclosure_reason",
    )
    readonly_fields = (
        "unit",
        "round",
        "status",
        "result",
        "is_public",
        "disclosure_objection",
        "disclosure",
        "disclosure_reason",
    )
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class EventInline(admin.TabularInline):
    model = ProposalEvent
    extra = 0
    fields = ("at", "actor", "action", "from_state", "to_state", "comment")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = (
        "number_display",
        "title",
        "first_proposer",
        "session",
        "category",
        "status",
        "is_key",
    )
    list_filter = ("status", "session", "category", "kind", "is_key", "excellence")
    search_fields = ("title", "number_display", "first_proposer__name")
    list_select_related = ("first_proposer", "session", "category")
    autocomplete_fields = ("first_proposer",)
    filter_horizontal = ("suggested_units", "supervising_leaders")
    readonly_fields = (
        "status",
        "number_display",
        "is_key",
        "excellence",
        "merged_into",
        "rehandling_rounds",
        "not_evaluated",
        "reply_due_on",
        "evaluation_due_on",
        "submitted_at",
        "registered_at",
        "assigned_at",
        "closed_at",
        "entered_by",
        "handed_in_on",
        "conversion_target",
        # disclosure goes through the proposal's page (timeline, notifications, the public
        # pages' cache stamp): docs/DISCLOSURE.md
        "is_public",
        "disclosure",
        "disclosure_reason",
        "disclosed_at",
        "history_link",
    )
    fields = (
        "session",
        "kind",
        "is_plenary",
        "category",
        "title",
        "analysis",
        "suggestions",
        "first_proposer",
        "organisation",
        "suggested_units",
        "not_registered_ground",
        "staff_comment",
        *readonly_fields,
    )
    inlines = [CoSignerInline, AssignmentInline, ReplyInline, EventInline]

    @admin.display(description=_("field history"))
    def history_link(self, obj):
        from django.urls import reverse
        from django.utils.html import format_html

        if not obj.pk:
            return "—"
        url = (
            reverse("admin:proposals_proposalhistory_changelist") + f"?pgh_obj__id__exact={obj.pk}"
        )
        return format_html('<a href="{}">{}</a>', url, _("Field history"))

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        """A correction bumps the version, so a workflow form opened before it is refused."""
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)


@admin.register(apps.get_model("proposals", "ProposalHistory"))
class ProposalHistoryAdmin(admin.ModelAdmin):
    list_display = ("pgh_created_at", "pgh_obj", "pgh_label", "status", "title")
    list_filter = ("pgh_label",)
    readonly_fields = [f.name for f in Proposal._meta.concrete_fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CompilationJob)
class CompilationJobAdmin(admin.ModelAdmin):
    list_display = ("session", "state", "done", "total", "created_at")


@admin.register(MemberLetter)
class MemberLetterAdmin(admin.ModelAdmin):
    """委员来信 made from not-registered proposals; the conversion service writes them."""

    list_display = ("title", "member", "source", "created_at")
    search_fields = ("title", "member__name")
    list_select_related = ("member", "source")
    readonly_fields = ("member", "source", "created_by", "created_at")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
