"""Democratic supervision (民主监督): plans and items, inspections, and the rectification
of each finding."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.uploads import upload_to
from cppcc_portal.core.workflow import Versioned
from members.models import HandlingUnit, Member, SpecialCommittee

from ..workflow import RECTIFICATION_MACHINE, RectificationState
from .config import MONTH_VALIDATORS


class SupervisionPlan(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    approved_on = models.DateField(_("approval date"), null=True, blank=True)
    approval_document = models.FileField(
        _("approval document"), upload_to=upload_to, blank=True, max_length=300
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("supervision plan")
        verbose_name_plural = _("supervision plans")

    def __str__(self):
        return self.title


class SupervisionItem(models.Model):
    class Form(models.TextChoices):
        MEETING = "meeting", _("Meeting supervision")
        PROPOSAL = "proposal", _("Proposal supervision")
        INSPECTION = "inspection", _("Inspection supervision")
        SPECIAL = "special", _("Special supervision")
        QUESTIONING = "questioning", _("Member questioning")
        ONLINE = "online", _("Online deliberation")

    plan = models.ForeignKey(SupervisionPlan, on_delete=models.CASCADE, related_name="items")
    topic = models.CharField(_("topic"), max_length=200)
    form = models.CharField(_("form"), max_length=12, choices=Form.choices)
    target_unit = models.ForeignKey(
        HandlingUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("target department"),
    )
    planned_month = models.PositiveSmallIntegerField(
        _("planned month"), validators=MONTH_VALIDATORS
    )
    committee = models.ForeignKey(
        SpecialCommittee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organising committee"),
    )
    supervisors = models.ManyToManyField(
        Member, related_name="supervision_items", blank=True, verbose_name=_("invited supervisors")
    )

    class Meta:
        ordering = ["planned_month", "id"]
        verbose_name = _("supervision item")
        verbose_name_plural = _("supervision items")

    def __str__(self):
        return self.topic


class Inspection(models.Model):
    """视察: members visit, find problems; each finding becomes a rectification item."""

    supervision_item = models.ForeignKey(
        SupervisionItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("supervision item"),
    )
    title = models.CharField(_("title"), max_length=200)
    committee = models.ForeignKey(
        SpecialCommittee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organising committee"),
    )
    target_unit = models.ForeignKey(
        HandlingUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("target department"),
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=120, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    participants = models.ManyToManyField(
        Member, related_name="inspections", blank=True, verbose_name=_("participants")
    )
    supervisors = models.ManyToManyField(
        Member,
        related_name="supervised_inspections",
        blank=True,
        verbose_name=_("invited supervisors"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")

    def __str__(self):
        return self.title


class Rectification(Versioned, models.Model):
    """A finding of an inspection and its rectification: open → rectifying → reported →
    verified / reopened (consultations.workflow.RECTIFICATION_MACHINE)."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="rectifications"
    )
    finding = models.TextField(_("finding"))
    responsible_unit = models.ForeignKey(
        HandlingUnit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible department"),
    )
    deadline = models.DateField(_("rectification deadline"))
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=RectificationState.choices,
        default=RectificationState.OPEN,
    )
    feedback = models.TextField(_("department's feedback"), blank=True)
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    verification = models.TextField(_("verification"), blank=True)
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("rectification item")
        verbose_name_plural = _("rectification items")

    def __str__(self):
        return self.finding[:60]

    def get_absolute_url(self):
        return reverse("consultations:rectification_detail", args=[self.pk])

    @property
    def meta(self):
        """What the item's state allows (consultations.workflow.RECTIFICATION_META)."""
        return RECTIFICATION_MACHINE.meta(self)

    @property
    def badge(self):
        return self.meta.badge
