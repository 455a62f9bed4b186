"""Handling units (承办单位); the proposal pipeline and social-opinion reports build on them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HandlingUnit(models.Model):
    """A government department, party organ, court … that answers proposals."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government department")
        PARTY = "party", _("Party organ")
        JUDICIAL = "judicial", _("Court or procuratorate")
        PEOPLES_GROUP = "group", _("People's organisation")
        STREET = "street", _("Town or street")
        ENTERPRISE = "enterprise", _("State enterprise or institution")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=80, unique=True)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.GOVERNMENT)
    head_name = models.CharField(_("head"), max_length=40, blank=True)
    head_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_units",
        verbose_name=_("head's account"),
    )
    liaisons = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="handling_units",
        blank=True,
        verbose_name=_("liaison users"),
    )
    phone = models.CharField(_("office phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("handling unit")
        verbose_name_plural = _("handling units")

    def __str__(self):
        return self.name
