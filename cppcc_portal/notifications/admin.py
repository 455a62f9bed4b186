from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from . import holiday_notices, services
from .forms import HolidayNoticeForm
from .models import (
    CalendarOverride,
    Deadline,
    DeadlineChange,
    Delivery,
    HolidayNotice,
    Notification,
    NotificationPreference,
    ReminderPolicy,
    ReminderSent,
)


class ReadOnlyMixin:
    """Rows written only by services: staff look, never edit."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class DeliveryInline(ReadOnlyMixin, admin.TabularInline):
    model = Delivery
    extra = 0
    fields = ["channel", "state", "attempts", "next_attempt_at", "sent_at", "last_error"]
    readonly_fields = fields


@admin.register(Notification)
class NotificationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["title", "recipient", "kind", "created_at", "read_at"]
    list_filter = ["kind", ("read_at", admin.EmptyFieldListFilter), "created_at"]
    search_fields = ["title", "recipient__username", "recipient__first_name"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"
    readonly_fields = ["recipient", "kind", "title", "body", "url", "created_at", "read_at"]
    exclude = ["target_type", "target_id"]
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["notification", "recipient", "channel", "state", "attempts", "next_attempt_at"]
    list_filter = ["state", "channel"]
    search_fields = ["notification__title", "notification__recipient__username", "last_error"]
    list_select_related = ["notification__recipient"]
    readonly_fields = [
        "notification",
        "channel",
        "state",
        "attempts",
        "next_attempt_at",
        "last_error",
        "sent_at",
    ]
    actions = ["retry"]

    @admin.display(description=_("recipient"))
    def recipient(self, obj):
        return obj.notification.recipient

    def has_change_permission(self, request, obj=None):
        # the retry action needs it; the fields stay read-only
        return request.user.has_perm("notifications.change_delivery")

    @admin.action(description=_("Retry the selected failed deliveries"))
    def retry(self, request, queryset):
        done = 0
        for delivery in queryset.filter(state=Delivery.State.FAILED):
            try:
                services.retry_delivery(actor=request.user, delivery_id=delivery.pk)
                done += 1
            except (PermissionDenied, ValidationError):
                continue
        self.message_user(
            request, _("%(n)d deliveries will be tried again.") % {"n": done}, messages.SUCCESS
        )


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "email", "sms"]
    list_filter = ["email", "sms"]
    search_fields = ["user__username", "user__first_name"]
    raw_id_fields = ["user"]


class ReminderSentInline(ReadOnlyMixin, admin.TabularInline):
    model = ReminderSent
    extra = 0
    fields = ["key", "step", "sent_at"]
    readonly_fields = fields


class DeadlineChangeInline(ReadOnlyMixin, admin.TabularInline):
    model = DeadlineChange
    extra = 0
    fields = ["old_due_on", "new_due_on", "reason", "changed_at"]
    readonly_fields = fields


@admin.register(Deadline)
class DeadlineAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Read-mostly: the apps' services open and close deadlines; the admin shows them."""

    list_display = ["title", "duty", "unit_name", "due_on", "provisional", "state", "met_late"]
    list_filter = ["state", "provisional", "duty", "met_late", "due_on"]
    search_fields = ["title", "unit_name", "duty"]
    date_hierarchy = "due_on"
    readonly_fields = [
        "title",
        "duty",
        "url",
        "due_on",
        "state",
        "responsible",
        "parties",
        "escalation",
        "unit_id",
        "unit_name",
        "created_at",
        "closed_at",
        "met_late",
        "basis_on",
        "rule",
        "rule_amount",
        "provisional",
    ]
    exclude = ["target_type", "target_id"]
    inlines = [DeadlineChangeInline, ReminderSentInline]


@admin.register(ReminderSent)
class ReminderSentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["deadline", "key", "step", "sent_at"]
    list_filter = ["key", "sent_at"]
    search_fields = ["deadline__title"]
    list_select_related = ["deadline"]
    readonly_fields = ["deadline", "key", "step", "sent_at"]


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "days_before", "overdue_every_days"]
    search_fields = ["duty"]


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    """The district's own days off or on [L]; the State Council's notice is a HolidayNotice."""

    list_display = ["day", "is_working_day", "note"]
    list_filter = ["is_working_day"]
    date_hierarchy = "day"


@admin.register(HolidayNotice)
class HolidayNoticeAdmin(admin.ModelAdmin):
    """Staff enter the State Council's notice for a year as its 调休 table; saving it
    recomputes the open deadlines it moves (holiday_notices.enter_holiday_notice)."""

    form = HolidayNoticeForm
    list_display = ["year", "title", "document_number", "day_count", "recomputed_at"]
    search_fields = ["title", "document_number"]
    fields = ["year", "title", "document_number", "table", "table_file"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(day_count=Count("days"))

    @admin.display(description=_("days in the table"), ordering="day_count")
    def day_count(self, obj):
        return obj.day_count

    def get_readonly_fields(self, request, obj=None):
        shown = ["entered_by", "entered_at", "updated_at", "recomputed_at"]
        return (["year"] if obj else []) + shown

    def get_fields(self, request, obj=None):
        if obj is None:
            return self.fields
        return [*self.fields, "entered_by", "entered_at", "updated_at", "recomputed_at"]

    def has_delete_permission(self, request, obj=None):
        return False  # correct it by entering the table again; deleting would orphan moved dates

    def save_model(self, request, obj, form, change):
        notice = holiday_notices.enter_holiday_notice(
            actor=request.user,
            year=obj.year,
            title=obj.title,
            document_number=obj.document_number,
            rows=form.cleaned_data["rows"],
        )
        obj.pk, obj._state.adding = notice.pk, False
        self.message_user(
            request,
            _(
                "The notice for %(year)d is saved. Open deadlines it moves are being "
                "recomputed; the people responsible will be told of each new date."
            )
            % {"year": notice.year},
            messages.SUCCESS,
        )

    def save_related(self, request, form, formsets, change):
        """The service has written the table; the inline is read-only."""
