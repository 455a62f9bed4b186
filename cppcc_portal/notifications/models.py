"""Notifications, their deliveries, deadlines and the reminders sent for them.

Reminders and deliveries are rows, so nothing is lost when Redis or a worker is
down: a periodic scan picks up whatever is still pending.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .calendar import MONTHS, WORKING_DAYS


class Notification(models.Model):
    # No single-column indexes where a composite one leads with the column: a reminder scan
    # writes tens of thousands of rows, and every index is paid for on each of them.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
        db_index=False,  # led by notification_unread / notification_recent
    )
    kind = models.CharField(_("kind"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "-created_at"], name="notification_recent"),
        ]

    def __str__(self):
        return self.title


class Delivery(models.Model):
    """One notification through one outside channel; retried with backoff until sent."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("SMS")

    class State(models.TextChoices):
        PENDING = "pending", pgettext_lazy("notification", "Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    notification = models.ForeignKey(
        Notification,
        on_delete=models.CASCADE,
        related_name="deliveries",
        db_index=False,  # led by the one_delivery_per_channel unique index
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="one_delivery_per_channel"
            )
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="delivery_due")]

    def __str__(self):
        return f"{self.get_channel_display()} · {self.notification}"

    @property
    def has_failed(self) -> bool:
        return self.state == self.State.FAILED

    @property
    def is_pending(self) -> bool:
        return self.state == self.State.PENDING

    @property
    def badge(self) -> str:
        return {self.State.FAILED: "danger", self.State.SENT: "success"}.get(self.state, "warning")


class NotificationPreference(models.Model):
    """Which outside channels a person wants besides the in-site bell."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.BooleanField(_("by e-mail"), default=True)
    sms = models.BooleanField(_("by SMS"), default=False)
    phone = models.CharField(_("mobile for SMS"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return str(self.user)


RULES = [
    (WORKING_DAYS, _("working days after the start")),
    (MONTHS, _("months after the start, then the next working day")),
]


class DeadlineQuerySet(models.QuerySet):
    def of_person(self, user):
        """The deadlines a person answers for now: named on it, or one of its parties (their
        unit, their role — notifications.parties), so a replaced liaison's list empties."""
        from .parties import parties_of_q

        named = Deadline.responsible.through.objects.filter(user_id=user.pk).values("deadline_id")
        return self.filter(Q(pk__in=named) | parties_of_q(user))


class Deadline(models.Model):
    """A duty someone must do by a date, created and closed by the services of each app.

    Who answers for it: `responsible` (people named when it was opened) and `parties` (a unit,
    a role … named by what they are, resolved to people at each reminder: notifications.parties);
    `escalation` steps mix user ids and parties the same way."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        MET = "met", _("Met")
        OVERDUE = "overdue", _("Overdue")
        CANCELLED = "cancelled", _("Cancelled")

    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    duty = models.CharField(_("duty"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    url = models.CharField(_("link"), max_length=300, blank=True)
    due_on = models.DateField(_("due on"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    responsible = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="deadlines",
        blank=True,
        verbose_name=_("responsible"),
    )
    parties = ArrayField(
        models.CharField(max_length=40),
        verbose_name=_("responsible parties"),
        default=list,
        blank=True,
        help_text=_("A unit or a role, resolved to its people when a reminder goes out."),
    )
    escalation = models.JSONField(
        _("escalation steps"),
        default=list,
        blank=True,
        help_text=_("One list per step: user ids and parties (a unit's head, a role)."),
    )
    unit_id = models.PositiveBigIntegerField(
        _("handling unit"), null=True, blank=True, db_index=True
    )
    # The unit's name, copied in by the caller: notifications imports no app.
    unit_name = models.CharField(_("handling unit name"), max_length=80, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    met_late = models.BooleanField(_("met after the due date"), default=False)
    # The key of the last reminder recorded (ReminderSent stays the proof): lets the scanner
    # pass over rows with nothing new without a query or a lock.
    last_reminder = models.CharField(max_length=30, blank=True, editable=False)
    # How due_on was computed (calendar.ComputedDate), so a holiday notice can recompute it;
    # empty for a date a person chose. Provisional: computed across a year with no notice.
    basis_on = models.DateField(_("computed from"), null=True, blank=True)
    rule = models.CharField(
        _("due-date rule"), max_length=20, choices=RULES, blank=True, default=""
    )
    rule_amount = models.PositiveSmallIntegerField(_("rule amount"), null=True, blank=True)
    provisional = models.BooleanField(
        _("provisional"),
        default=False,
        help_text=_("Counted without the State Council's holiday notice for that year."),
    )

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        constraints = [
            models.UniqueConstraint(
                fields=["target_type", "target_id", "duty"],
                condition=Q(state__in=["open", "overdue"]),
                name="one_live_deadline_per_duty",
            ),
            models.CheckConstraint(
                condition=Q(rule="") | Q(basis_on__isnull=False, rule_amount__isnull=False),
                name="deadline_rule_complete",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "due_on"], name="deadline_due"),
            # the staff list of live deadlines, soonest first: its page and its count from
            # this index alone (state IN (…) over (state, due_on) sorted every live row)
            models.Index(
                fields=["due_on", "id"],
                condition=Q(state__in=["open", "overdue"]),
                name="deadline_live_due",
            ),
            models.Index(fields=["target_type", "target_id"], name="deadline_target"),
            models.Index(fields=["duty", "state"], name="deadline_duty"),
            GinIndex(fields=["parties"], name="deadline_parties"),
        ]

    def __str__(self):
        return f"{self.title} ({self.due_on})"

    @property
    def is_overdue(self) -> bool:
        return self.state == self.State.OVERDUE

    @property
    def badge(self) -> str:
        """The colour a deadline's state is shown in: late is red whether met or not."""
        if self.state == self.State.OVERDUE or self.met_late:
            return "danger"
        return {self.State.MET: "success", self.State.CANCELLED: "secondary"}.get(
            self.state, "primary"
        )

    @property
    def provisional_live(self) -> bool:
        """Shown as 暂定: a live deadline whose date no holiday notice backs yet."""
        return self.provisional and self.state in (self.State.OPEN, self.State.OVERDUE)


class DeadlineChange(models.Model):
    """A deadline's date moved after it was set (e.g. by a holiday notice): the old date stays."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="changes")
    old_due_on = models.DateField(_("old due date"))
    new_due_on = models.DateField(_("new due date"))
    reason = models.CharField(_("reason"), max_length=200)
    notice = models.ForeignKey(
        "HolidayNotice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deadline_changes",
        verbose_name=_("holiday notice"),
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        ordering = ["deadline", "changed_at", "id"]
        verbose_name = _("deadline change")
        verbose_name_plural = _("deadline changes")

    def __str__(self):
        return f"{self.old_due_on} → {self.new_due_on}"


class ReminderSent(models.Model):
    """Proof that one reminder (e.g. `before:7`, `overdue:2`) went out: never twice."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="reminders")
    key = models.CharField(max_length=30)
    step = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [models.UniqueConstraint(fields=["deadline", "key"], name="reminder_once")]

    def __str__(self):
        return f"{self.deadline} · {self.key}"


class ReminderPolicy(models.Model):
    """When to remind before a due date and how often after it [L]; duty empty = default."""

    duty = models.CharField(_("duty"), max_length=60, blank=True, unique=True)
    days_before = models.CharField(
        _("days before (comma-separated)"), max_length=60, default="30,7,1"
    )
    overdue_every_days = models.PositiveSmallIntegerField(
        _("repeat when overdue every (days)"), default=7
    )

    class Meta:
        verbose_name = _("reminder policy")
        verbose_name_plural = _("reminder policies")

    def __str__(self):
        return self.duty or "*"

    def clean(self):
        from django.core.exceptions import ValidationError

        parts = [p.strip() for p in self.days_before.replace("，", ",").split(",") if p.strip()]
        if not all(p.isdigit() for p in parts):
            raise ValidationError(
                {"days_before": _("Give whole numbers of days separated by commas, e.g. 30,7,1.")}
            )

    def offsets(self):
        return sorted(
            {int(p) for p in self.days_before.replace("，", ",").split(",") if p.strip().isdigit()},
            reverse=True,
        )


class CalendarOverride(models.Model):
    """A local exception to the national working-day calendar [L]: it wins over the notice."""

    day = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")

    def __str__(self):
        return f"{self.day} {'✔' if self.is_working_day else '✘'}"


class HolidayNotice(models.Model):
    """The State Council's yearly notice of holidays and make-up workdays (调休), as entered by
    staff; until it is, the year counts the statutory holidays only and its deadlines are
    provisional. Distinct from local overrides, which still win over it."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    entered_at = models.DateTimeField(_("entered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Set when every open deadline the notice moves has been recomputed; empty = still to do.
    recomputed_at = models.DateTimeField(_("deadlines recomputed"), null=True, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("holiday notice")
        verbose_name_plural = _("holiday notices")

    def __str__(self):
        return f"{self.year} {self.title}"


class HolidayNoticeDay(models.Model):
    """One row of the notice's table: a day off (休) or a make-up workday (班)."""

    notice = models.ForeignKey(HolidayNotice, on_delete=models.CASCADE, related_name="days")
    day = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=40, blank=True)

    class Meta:
        ordering = ["day"]
        verbose_name = _("holiday notice day")
        verbose_name_plural = _("holiday notice days")

    def __str__(self):
        return f"{self.day} {'班' if self.is_working_day else '休'}"


from .threads.models import ThreadAttachment, ThreadMessage  # noqa: E402,F401
