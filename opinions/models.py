"""Social-opinion reports (社情民意信息, DOMAIN §3): reports, bulletin issues, forwarding,
use and leader instructions. States live in workflow.py; every write goes through services."""

import pghistory
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cppcc_portal.core.bigrams import Bigrams
from cppcc_portal.core.uploads import upload_to
from cppcc_portal.core.workflow import TimelineEvent, Versioned
from members.models import Member, Sector, SpecialCommittee

from .workflow import State

GUIDE_LENGTH = 1500  # the ~1,500-character norm for one report [N]


class Level(models.TextChoices):
    """The level at which a report is used (采用)."""

    DISTRICT = "district", _("District level")
    CITY = "city", _("City level")
    NATIONAL = "national", _("National level")


class InstructionLevel(models.TextChoices):
    """The level of a leader who writes an instruction (批示)."""

    DISTRICT = "district", _("District leader")
    CITY = "city", _("City leader")
    CENTRAL = "central", _("Central leader")


class Recipient(models.Model):
    """报送对象: where adopted reports are forwarded (区委, 区政府, 市政协 …) [L]."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = pgettext_lazy("report", "recipient")
        verbose_name_plural = pgettext_lazy("report", "recipients")

    def __str__(self):
        return self.name


class BulletinIssue(models.Model):
    """One issue of the 《社情民意》 bulletin; numbers are gap-free per year."""

    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("issue number"))
    published_on = models.DateField(pgettext_lazy("report", "published on"))
    signed_off_by = models.CharField(_("signed off by"), max_length=40)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("bulletin issue")
        verbose_name_plural = _("bulletin issues")
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="unique_bulletin_issue")
        ]

    def __str__(self):
        return _("Social Opinions %(year)s No. %(number)s") % {
            "year": self.year,
            "number": self.number,
        }


# The texts the search reads, in the order of the report_text_bigrams index (core.search).
REPORT_TEXTS = ("title", "problem", "suggestion", "original_title", "organisation")


@pghistory.track(
    fields=["state", "title", "problem", "suggestion", "issue", "note_to_member", "editor"],
    model_name="ReportHistory",
    obj_field=pghistory.ObjForeignKey(related_name="history"),
)
class Report(Versioned, models.Model):
    """One report, one matter. `title/problem/suggestion` are the working (edited) text;
    `original_*` keep what the member submitted, frozen at submission."""

    class SubmitterKind(models.TextChoices):
        MEMBER = "member", _("Member")
        PARTY_GROUP = "party_group", _("Party or people's group")
        COMMITTEE = "committee", _("Special committee")
        SECTOR = "sector", _("Sector")
        COMBINED = "combined", _("Combined by staff")

    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinion_reports",
        verbose_name=_("member"),
        help_text=_("The member who wrote it; empty for a report combined by staff."),
    )
    contributors = models.ManyToManyField(
        Member, related_name="contributed_reports", blank=True, verbose_name=_("contributors")
    )
    submitter_kind = models.CharField(
        _("submitted as"), max_length=12, choices=SubmitterKind.choices, default="member"
    )
    organisation = models.CharField(_("on behalf of"), max_length=80, blank=True)
    committee = models.ForeignKey(
        SpecialCommittee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("special committee"),
    )
    sector = models.ForeignKey(
        Sector,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sector"),
    )
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.DRAFT, db_index=True
    )
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("situation and problem"))
    suggestion = models.TextField(pgettext_lazy("report", "suggestions"), blank=True)
    original_title = models.CharField(_("original title"), max_length=200, blank=True)
    original_problem = models.TextField(_("original situation and problem"), blank=True)
    original_suggestion = models.TextField(_("original suggestions"), blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, db_index=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("editor"),
    )
    issue = models.ForeignKey(
        BulletinIssue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("bulletin issue"),
    )
    position = models.PositiveSmallIntegerField(_("order in the issue"), null=True, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    archived_on = models.DateField(_("archived on"), null=True, blank=True)
    note_to_member = models.TextField(_("note to the member"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_reports",
        verbose_name=_("combined into"),
    )
    source_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    source_label = models.CharField(_("converted from"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    # 代录入: information staff entered it from the paper handed in on that day
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered from paper by"),
    )
    handed_in_on = models.DateField(_("paper report handed in on"), null=True, blank=True)
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("social-opinion report")
        verbose_name_plural = _("social-opinion reports")
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "position"],
                condition=Q(issue__isnull=False),
                name="unique_report_position",
            ),
            models.CheckConstraint(
                condition=Q(state="adopted", issue__isnull=False)
                | (~Q(state="adopted") & Q(issue__isnull=True)),
                name="adopted_report_has_issue",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "year"], name="report_state_year"),
            # the lists' order (newest submitted first): a page of the index, read backwards
            models.Index(fields=["submitted_at", "created_at", "id"], name="report_recent"),
            models.Index(fields=["member", "state"], name="report_member_state"),
            models.Index(fields=["source_type", "source_id"], name="report_source"),
            GinIndex(fields=["title"], name="report_title_trgm", opclasses=["gin_trgm_ops"]),
            # the search box: a term of two characters or more by index (core.search)
            GinIndex(Bigrams(*REPORT_TEXTS), name="report_text_bigrams"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("opinions:detail", args=[self.pk])

    @property
    def length(self) -> int:
        return len(self.problem) + len(self.suggestion)

    @property
    def over_guide(self) -> bool:
        return self.length > GUIDE_LENGTH

    @property
    def author_label(self) -> str:
        if self.submitter_kind == self.SubmitterKind.MEMBER:
            return self.member.name if self.member else ""
        if self.submitter_kind == self.SubmitterKind.COMBINED:
            return _("Combined report")
        name = self.organisation or (self.committee and self.committee.name) or ""
        name = name or (self.sector and self.sector.name) or ""
        return f"{name}（{self.member.name}）" if self.member else name

    @property
    def on_paper(self) -> bool:
        return self.entered_by_id is not None

    @property
    def was_edited(self) -> bool:
        return bool(self.original_title) and (
            self.title != self.original_title
            or self.problem != self.original_problem
            or self.suggestion != self.original_suggestion
        )


class ReportAttachment(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=upload_to, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    is_paper_scan = models.BooleanField(_("scan of the paper report"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.name


class ReportEvent(TimelineEvent):
    """The report's timeline; `staff_only` lines (an edit of the text) are not shown to the
    member."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    staff_only = models.BooleanField(default=False)

    class Meta(TimelineEvent.Meta):
        verbose_name = _("report event")
        verbose_name_plural = _("report events")

    def __str__(self):
        return f"{self.report_id} {self.action}"


class Forwarding(models.Model):
    """报送: an adopted report sent to one recipient."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="forwardings")
    recipient = models.ForeignKey(
        Recipient,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("report", "recipient"),
    )
    forwarded_on = models.DateField(_("forwarded on"))
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["forwarded_on", "id"]
        verbose_name = _("forwarding")
        verbose_name_plural = _("forwardings")
        constraints = [models.UniqueConstraint(fields=["report", "recipient"], name="forward_once")]

    def __str__(self):
        return f"{self.report} → {self.recipient}"


class ReportUse(models.Model):
    """采用: a recipient level used the report."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("Used as a single report")
        COMBINED = "combined", _("Used in a combined report")
        FORWARDED = "forwarded", _("Forwarded upward")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="uses")
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    kind = models.CharField(_("kind of use"), max_length=10, choices=Kind.choices)
    used_by = models.CharField(_("used by"), max_length=80, blank=True)
    used_on = models.DateField(_("used on"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["used_on", "id"]
        verbose_name = _("use")
        verbose_name_plural = _("uses")
        indexes = [models.Index(fields=["level"], name="report_use_level")]

    def __str__(self):
        return f"{self.report} · {self.get_level_display()}"


class Instruction(models.Model):
    """批示: a leader's written instruction on a report."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="instructions")
    leader_name = models.CharField(_("leader"), max_length=60)
    level = models.CharField(_("level"), max_length=10, choices=InstructionLevel.choices)
    instructed_on = models.DateField(_("date"))
    text = models.TextField(_("instruction"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["instructed_on", "id"]
        verbose_name = _("leader instruction")
        verbose_name_plural = _("leader instructions")

    def __str__(self):
        return f"{self.leader_name} · {self.instructed_on}"
