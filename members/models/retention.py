"""Retention of personal data of members who left [L] (members.terms.retention)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class RetentionSettings(models.Model):
    """How long personal data of members who left is kept [L]: one row, edited in the admin."""

    retention_years = models.PositiveSmallIntegerField(
        _("keep personal data of members who left (years after their last term)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("retention of personal data")
        verbose_name_plural = _("retention of personal data")

    def __str__(self):
        return str(_("Retention of personal data"))

    @classmethod
    def load(cls) -> "RetentionSettings":
        return cls.objects.first() or cls()
