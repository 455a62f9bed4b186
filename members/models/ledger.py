"""The duty ledger (DOMAIN §5): duty kinds, the points table, the records every part writes
through `members.services.record_duty`, bands, yearly minimums, self-reports, nominations
and archive jobs."""

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.jobs import JobState

from .organisation import Member, Sector, Term


class DutyKind(models.TextChoices):
    """Every kind of duty the ledger counts; the points per kind come from PointRule."""

    PLENARY_ATTENDED = "plenary_attended", _("Plenary attended")
    PLENARY_LEAVE = "plenary_leave", _("Plenary absence with leave")
    PLENARY_ABSENT = "plenary_absent", _("Plenary absence without leave")
    MEETING_ATTENDED = "meeting_attended", _("Meeting or activity attended")
    MEETING_LEAVE = "meeting_leave", _("Meeting absence with leave")
    MEETING_ABSENT = "meeting_absent", _("Meeting absence without leave")
    CONSULTATION = "consultation", _("Consultation attended")
    SPEECH = "speech", _("Speech delivered")
    PROPOSAL_FIRST = "proposal_first", _("Proposal registered (first proposer)")
    PROPOSAL_COSIGNER = "proposal_cosigner", _("Proposal registered (co-signer)")
    PROPOSAL_KEY = "proposal_key", _("Key proposal")
    PROPOSAL_EXCELLENT = "proposal_excellent", _("Excellent proposal")
    OPINION_SUBMITTED = "opinion_submitted", _("Social-opinion report submitted")
    OPINION_ADOPTED = "opinion_adopted", _("Social-opinion report adopted")
    OPINION_USED_DISTRICT = "opinion_used_district", _("Report used at district level")
    OPINION_USED_CITY = "opinion_used_city", _("Report used at city level")
    OPINION_USED_NATIONAL = "opinion_used_national", _("Report used at national level")
    OPINION_INSTRUCTED_DISTRICT = (
        "opinion_instructed_district",
        _("Report instructed by a district leader"),
    )
    OPINION_INSTRUCTED_CITY = "opinion_instructed_city", _("Report instructed by a city leader")
    OPINION_INSTRUCTED_CENTRAL = (
        "opinion_instructed_central",
        _("Report instructed by a central leader"),
    )
    INSPECTION = "inspection", _("Inspection")
    RESEARCH = "research", _("Research activity")
    RESEARCH_REPORT = "research_report", _("Research report")
    STATION_ACTIVITY = "station_activity", _("Station activity")
    LIVELIHOOD = "livelihood", _("Livelihood matter helped")
    STUDY_REFLECTION = "study_reflection", _("Study reflection")
    TRAINING = "training", _("Training attended")
    HONOUR = "honour", _("Honour")
    MANUAL = "manual", _("Manual entry")


class PointRule(models.Model):
    """One row of the points table [L]; term-specific rows override the default (term empty)."""

    term = models.ForeignKey(
        Term,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="point_rules",
        verbose_name=_("term"),
        help_text=_("Empty: the default table for every term."),
    )
    kind = models.CharField(_("kind of duty"), max_length=40, choices=DutyKind.choices)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    yearly_cap = models.DecimalField(
        _("yearly cap"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Most points a member can earn from this kind in a year; empty for no cap."),
    )

    class Meta:
        ordering = ["term", "kind"]
        verbose_name = _("points rule")
        verbose_name_plural = _("points table")
        constraints = [
            models.UniqueConstraint(fields=["term", "kind"], name="unique_point_rule"),
            models.UniqueConstraint(
                fields=["kind"], condition=Q(term__isnull=True), name="unique_default_point_rule"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.points}"


# Set (transaction-locally) by points.recompute_year, which writes the history of the rows it
# re-prices itself, in the same statement. The per-row history trigger's WHEN clause reads it,
# so for those rows no trigger is even queued: an ignored trigger still costs a queued event
# and a PL/pgSQL call per row, half the time of a full-year recompute.
RECOMPUTE_SETTING = "cppcc.points_recompute"


def _unindexed_event_fk(to, **kwargs):
    """A history row's copy of a foreign key, as pghistory makes it but without an index:
    nobody searches the ledger's history by member, term, recorder or source type (only by
    record and by context), and a recompute writes a history row per re-priced record."""
    return models.ForeignKey(
        to,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
        related_query_name="+",
        **kwargs,
    )


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(
        condition=pgtrigger.Condition(
            "OLD.* IS DISTINCT FROM NEW.* AND "
            f"COALESCE(current_setting('{RECOMPUTE_SETTING}', true), '') <> 'on'"
        )
    ),
    attrs={
        "member": _unindexed_event_fk("members.Member", verbose_name=_("member")),
        "term": _unindexed_event_fk("members.Term", verbose_name=_("term")),
        "recorded_by": _unindexed_event_fk(
            settings.AUTH_USER_MODEL, null=True, blank=True, verbose_name=_("recorded by")
        ),
        "source_type": _unindexed_event_fk(ContentType, null=True, blank=True),
    },
)
class DutyRecord(models.Model):
    """One duty of one member, from one source: the ledger's idempotency key is
    (member, kind, source_key). Voiding keeps the row (and its history)."""

    # No single-column indexes on member, source type, term and recorder: the composite
    # indexes below lead with the first two, the last two are never searched alone (a term or
    # a user is rarely deleted), and every index is one more write per row when a recompute
    # re-prices a year. The free space left in each page (fillfactor 75, migration 0004) lets a
    # rewrite stay on its page without touching any index (a HOT update: `points` is in no index).
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        related_name="duty_records",
        verbose_name=_("member"),
        db_index=False,
    )
    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="+", verbose_name=_("term"), db_index=False
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind of duty"), max_length=40, choices=DutyKind.choices)
    occurred_on = models.DateField(_("date"))
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, default=0)
    title = models.CharField(_("title"), max_length=300, blank=True)
    source_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    source_key = models.CharField(max_length=120)
    points_fixed = models.BooleanField(
        _("points fixed"),
        default=False,
        help_text=_("Points given explicitly (manual entries): a recompute leaves them alone."),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
        db_index=False,
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    voided_reason = models.CharField(_("reason for voiding"), max_length=300, blank=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("duty record")
        verbose_name_plural = _("duty records")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "kind", "source_key"],
                condition=Q(voided_at__isnull=True),
                name="duty_once_per_source",
            ),
        ]
        indexes = [
            models.Index(fields=["member", "year"], name="duty_member_year"),
            models.Index(fields=["year", "kind"], name="duty_year_kind"),
            # the admin's changelist filtered by year, newest first: a page by this index
            # instead of walking the whole ledger backwards down the primary key
            models.Index(fields=["year", "occurred_on", "id"], name="duty_year_recent"),
            models.Index(fields=["source_type", "source_id"], name="duty_source"),
        ]

    def __str__(self):
        return f"{self.member} · {self.get_kind_display()} · {self.occurred_on}"


# --- Evaluation and yearly minimums (DOMAIN §5) ------------------------------------------


class EvaluationBand(models.Model):
    """履职考评等次: a member's year total at or above `min_points` earns the band [L]."""

    term = models.ForeignKey(
        Term,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evaluation_bands",
        verbose_name=_("term"),
        help_text=_("Empty: the default bands for every term."),
    )
    name = models.CharField(_("name"), max_length=20)
    min_points = models.DecimalField(
        _("from points"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Lowest total for this band; empty for the bottom band."),
    )
    needs_talk = models.BooleanField(_("needs a talk"), default=False)
    css = models.CharField(_("colour"), max_length=20, default="secondary")

    class Meta:
        ordering = ["term", models.F("min_points").desc(nulls_last=True)]
        verbose_name = _("evaluation band")
        verbose_name_plural = _("evaluation bands")
        constraints = [
            models.UniqueConstraint(fields=["term", "name"], name="unique_band_name"),
        ]

    def __str__(self):
        return self.name


class YearlyMinimum(models.Model):
    """One of the yearly minimum duties ("five ones" 五个一): met by any record of its kinds."""

    name = models.CharField(_("name"), max_length=40, unique=True)
    kinds = ArrayField(
        models.CharField(max_length=40, choices=DutyKind.choices),
        verbose_name=_("kinds of duty that meet it"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("yearly minimum duty")
        verbose_name_plural = _("yearly minimum duties")

    def __str__(self):
        return self.name


class MinimumReminder(models.Model):
    """A five-ones reminder sent: one per member, year and quarter, so the task is idempotent."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    missing = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year", "quarter"], name="one_minimum_reminder_per_quarter"
            )
        ]

    def __str__(self):
        return f"{self.member_id} · {self.year} Q{self.quarter}"


class PointsRecompute(JobState, models.Model):
    """A recompute of a year's stored points from the points table, asked for by staff."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    year = models.PositiveSmallIntegerField(_("year"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    rows_changed = models.PositiveIntegerField(_("records changed"), default=0)
    seconds = models.FloatField(_("seconds"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("points recompute")
        verbose_name_plural = _("points recomputes")

    def __str__(self):
        return f"{self.year} · {self.get_state_display()}"


@pghistory.track()
class SelfReport(models.Model):
    """年度履职述职: written by the member on the duty page, then submitted (read-only after)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="self_reports", verbose_name=_("member")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    body = models.TextField(_("self-report"), max_length=5000)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default="draft")
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("yearly self-report")
        verbose_name_plural = _("yearly self-reports")
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="one_self_report_per_year")
        ]

    def __str__(self):
        return f"{self.member} · {self.year}"


class Nomination(models.Model):
    """优秀委员 nomination, made by staff from the points ranking."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="nominations", verbose_name=_("member")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    points = models.DecimalField(_("points"), max_digits=8, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("nominated by"),
    )
    created_at = models.DateTimeField(_("nominated at"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "-points"]
        verbose_name = _("outstanding-member nomination")
        verbose_name_plural = _("outstanding-member nominations")
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="one_nomination_per_year")
        ]

    def __str__(self):
        return f"{self.member} · {self.year}"


class ArchiveJob(JobState, models.Model):
    """The duty archives of a sector's members as one zip, built by a Celery task."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    sector = models.ForeignKey(
        Sector, on_delete=models.CASCADE, related_name="+", verbose_name=_("sector")
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    term = models.ForeignKey(
        Term, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="members/archives/", blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("archive job")
        verbose_name_plural = _("archive jobs")

    def __str__(self):
        return f"{self.sector} · {self.year or self.term}"

    @property
    def percent(self):
        return int(100 * self.done / self.total) if self.total else 0
