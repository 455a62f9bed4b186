"""The yearly consultation plan (年度协商计划) and its items."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.uploads import upload_to
from members.models import HandlingUnit, SpecialCommittee

from .config import MONTH_VALIDATORS, ConsultationForm


class ConsultationPlan(models.Model):
    """年度协商计划, agreed with the district Party committee and government."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    approved_on = models.DateField(_("approval date"), null=True, blank=True)
    approval_document = models.FileField(
        _("approval document"), upload_to=upload_to, blank=True, max_length=300
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("consultation plan")
        verbose_name_plural = _("consultation plans")

    def __str__(self):
        return self.title


class PlanItem(models.Model):
    plan = models.ForeignKey(
        ConsultationPlan, on_delete=models.CASCADE, related_name="items", verbose_name=_("plan")
    )
    topic = models.CharField(_("topic"), max_length=200)
    form = models.ForeignKey(
        ConsultationForm, on_delete=models.PROTECT, related_name="+", verbose_name=_("form")
    )
    planned_month = models.PositiveSmallIntegerField(
        _("planned month"), validators=MONTH_VALIDATORS
    )
    lead_leader = models.CharField(_("lead leader"), max_length=60, blank=True)
    committee = models.ForeignKey(
        SpecialCommittee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organising committee"),
    )
    responsible_units = models.ManyToManyField(
        HandlingUnit, related_name="+", blank=True, verbose_name=_("responsible departments")
    )
    participating_units = models.ManyToManyField(
        HandlingUnit, related_name="+", blank=True, verbose_name=_("participating departments")
    )
    other_departments = models.CharField(_("other departments"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["planned_month", "order", "id"]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")

    def __str__(self):
        return self.topic
