"""Liaison stations (DOMAIN §6): stations, members assigned, activities, residents' opinions.

The invariant "every sitting member belongs to exactly one street/town station" is kept
by a partial unique constraint on the open assignment per member and station kind
(the kind is copied onto the assignment so the database can enforce it).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cppcc_portal.core.masking import mask_phone
from cppcc_portal.core.uploads import upload_to
from cppcc_portal.core.workflow import TimelineEvent, Versioned
from members.models import Member, Sector, Street

from .workflow import MACHINE, OpinionState


class StationKind(models.Model):
    """A configurable kind of station; `is_home` marks the kind every sitting member joins."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=40)
    is_home = models.BooleanField(
        _("every sitting member belongs to one"),
        default=False,
        help_text=_("Members are assigned by the town or street they live or work in."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("station kind")
        verbose_name_plural = _("station kinds")
        constraints = [
            models.UniqueConstraint(
                fields=["is_home"], condition=Q(is_home=True), name="one_home_station_kind"
            )
        ]

    def __str__(self):
        return self.name


class Station(models.Model):
    """委员联络站 / 活动站 / 界别协商工作室."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    kind = models.ForeignKey(
        StationKind, on_delete=models.PROTECT, related_name="stations", verbose_name=_("kind")
    )
    street = models.ForeignKey(
        Street,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stations",
        verbose_name=_("town or street"),
    )
    sector = models.ForeignKey(
        Sector,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stations",
        verbose_name=_("sector"),
        help_text=_("For a sector consultation studio."),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=100, blank=True)
    description = models.TextField(_("introduction"), blank=True, max_length=2000)
    head = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_stations",
        verbose_name=_("station head"),
    )
    instructor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="instructed_stations",
        verbose_name=_("instructor"),
        help_text=_("An official of the town's Party committee, with a station manager account."),
    )
    leaders_in_charge = models.ManyToManyField(
        Member,
        related_name="stations_in_charge",
        blank=True,
        verbose_name=_("chairman-meeting members in charge"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["kind__order", "order", "id"]
        verbose_name = _("liaison station")
        verbose_name_plural = _("liaison stations")
        indexes = [models.Index(fields=["street"]), models.Index(fields=["instructor"])]

    def __str__(self):
        return self.name

    def clean(self):
        """The instructor acts through a station manager account; the head is a sitting member."""
        from django.core.exceptions import ValidationError

        from cppcc_portal.accounts.roles import Role, has_role

        errors = {}
        if self.instructor_id and not has_role(self.instructor, Role.STATION_MANAGER):
            errors["instructor"] = _("The instructor's account needs the station manager role.")
        if self.head_id and self.head.status != Member.Status.SITTING:
            errors["head"] = _("The station head must be a sitting member.")
        if errors:
            raise ValidationError(errors)


class Assignment(models.Model):
    """A member assigned to a station from `since` until `until` (open while until is empty)."""

    station = models.ForeignKey(
        Station, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("station")
    )
    station_kind = models.ForeignKey(
        StationKind, on_delete=models.PROTECT, related_name="+", editable=False
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.CASCADE,
        related_name="station_assignments",
        verbose_name=_("member"),
    )
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["station", "member__number"]
        verbose_name = _("station assignment")
        verbose_name_plural = _("station assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "station_kind"],
                condition=Q(until__isnull=True),
                name="one_open_assignment_per_kind",
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="assignment_dates_ordered",
            ),
        ]
        indexes = [models.Index(fields=["station", "until"])]

    def __str__(self):
        return f"{self.member} · {self.station}"

    def save(self, *args, **kwargs):
        if self.station_id and not self.station_kind_id:
            self.station_kind_id = self.station.kind_id
        super().save(*args, **kwargs)


class Activity(models.Model):
    """A station activity; each member taking part earns a STATION_ACTIVITY duty record."""

    class Kind(models.TextChoices):
        FORUM = "forum", _("Forum")
        VISIT = "visit", _("Visiting residents")
        INSPECTION = "inspection", _("Inspection and research")
        CONSULTATION = "consultation", _("Consultation on local matters")
        MEDICAL = "medical", _("Public service: medical care")
        CULTURE = "culture", _("Public service: culture")
        LEGAL = "legal", _("Public service: legal aid")
        LECTURE = "lecture", _("Lecture and study")
        DONATION = "donation", _("Donation")
        OTHER = "other", _("Other")

    station = models.ForeignKey(
        Station, on_delete=models.PROTECT, related_name="activities", verbose_name=_("station")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    date = models.DateField(_("date"))
    title = models.CharField(pgettext_lazy("station", "title"), max_length=120)
    summary = models.TextField(pgettext_lazy("station", "summary"), max_length=5000, blank=True)
    participants = models.ManyToManyField(
        Member, related_name="station_activities", blank=True, verbose_name=_("members taking part")
    )
    residents_reached = models.PositiveIntegerField(_("residents reached"), default=0)
    services_given = models.PositiveIntegerField(_("services given"), default=0)
    donation_amount = models.DecimalField(
        _("donation amount (yuan)"), max_digits=12, decimal_places=2, default=0
    )
    visit_round = models.ForeignKey(
        "VisitRound",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("visiting round"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("station activity")
        verbose_name_plural = _("station activities")
        indexes = [models.Index(fields=["station", "date"]), models.Index(fields=["date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(donation_amount__gte=0), name="donation_not_negative"
            )
        ]

    def __str__(self):
        return f"{self.date} {self.title}"


class ActivityPhoto(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to=upload_to)
    thumbnail = models.FileField(_("thumbnail"), upload_to=upload_to, blank=True)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("activity photo")
        verbose_name_plural = _("activity photos")

    def __str__(self):
        return self.original_name or self.image.name


class VisitRound(models.Model):
    """每季度走访: a planned quarterly round of visits; each assigned member should take part."""

    station = models.ForeignKey(
        Station, on_delete=models.CASCADE, related_name="visit_rounds", verbose_name=_("station")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), choices=[(q, f"Q{q}") for q in range(1, 5)]
    )
    theme = models.CharField(_("theme"), max_length=120, blank=True)
    due_on = models.DateField(_("to be completed by"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-year", "-quarter"]
        verbose_name = _("visiting round")
        verbose_name_plural = _("visiting rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["station", "year", "quarter"], name="one_visit_round_per_quarter"
            )
        ]

    def __str__(self):
        return f"{self.station} {self.year} Q{self.quarter}"


class Opinion(Versioned):
    """A resident's opinion (群众意见), tracked to an end; the contact is personal data.
    Every write bumps `version`, so a page built before it is refused as stale."""

    class Source(models.TextChoices):
        ACTIVITY = "activity", _("Collected at an activity")
        STATION = "station", _("Received at the station")
        PUBLIC = "public", _("Left on the public page")

    class Category(models.TextChoices):
        URBAN = "urban", _("Urban construction and management")
        ENVIRONMENT = "environment", _("Environment")
        TRANSPORT = "transport", _("Transport")
        EDUCATION = "education", pgettext_lazy("station", "Education")
        HEALTH = "health", _("Health care")
        ELDERLY = "elderly", _("Elderly care")
        SOCIAL = "social", _("Social security and employment")
        SAFETY = "safety", _("Public safety")
        RURAL = "rural", _("Agriculture and villages")
        OTHER = "other", _("Other")

    station = models.ForeignKey(
        Station, on_delete=models.PROTECT, related_name="opinions", verbose_name=_("station")
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opinions",
        verbose_name=_("activity"),
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    content = models.TextField(_("content"), max_length=2000)
    resident_name = models.CharField(_("resident's name"), max_length=40, blank=True)
    resident_contact = models.CharField(_("resident's contact"), max_length=40, blank=True)
    receipt_code = models.CharField(_("receipt code"), max_length=12, unique=True)
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=OpinionState.choices,
        default=OpinionState.RECEIVED,
        db_index=True,
    )
    handling_note = models.TextField(_("handling note"), blank=True, max_length=2000)
    department = models.ForeignKey(
        "members.HandlingUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="station_opinions",
        verbose_name=_("department"),
    )
    referral_due_on = models.DateField(_("answer due"), null=True, blank=True)
    department_answer = models.TextField(_("department's answer"), blank=True, max_length=2000)
    taken_up_by = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member taking it up"),
    )
    conversion_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    conversion_id = models.PositiveBigIntegerField(null=True, blank=True)
    conversion = GenericForeignKey("conversion_type", "conversion_id")
    result = models.TextField(_("result told to the resident"), blank=True, max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    received_at = models.DateTimeField(_("received"))
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("resident's opinion")
        verbose_name_plural = _("residents' opinions")
        indexes = [
            models.Index(fields=["station", "state"]),
            models.Index(fields=["state", "received_at"]),
        ]

    def __str__(self):
        return f"{self.receipt_code} {self.content[:20]}"

    def get_absolute_url(self):
        return reverse("stations:opinion_detail", args=[self.pk])

    @property
    def meta(self):
        """What the opinion's state means (stations.workflow.STATE_META)."""
        return MACHINE.meta(self)

    @property
    def contact_masked(self):
        return mask_phone(self.resident_contact)


class OpinionEvent(TimelineEvent):
    """The opinion's timeline: who moved it, when, from which state to which."""

    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="events")

    class Meta(TimelineEvent.Meta):
        verbose_name = _("opinion event")
        verbose_name_plural = _("opinion events")

    def __str__(self):
        return f"{self.opinion_id}: {self.from_state} → {self.to_state}"

    @property
    def to_label(self):
        """The state the opinion moved into, by its name."""
        return MACHINE.label(self.to_state) if self.to_state else ""
