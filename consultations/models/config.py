"""The district's own catalogue and numbers [L], editable in the admin."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MONTH_VALIDATORS = [MinValueValidator(1), MaxValueValidator(12)]
SIGN_IN_HOURS_BEFORE = 2  # [L] default: sign-in opens at most two hours before the meeting


class ConsultationForm(models.Model):
    """协商形式: an editable catalogue (全体会议协商, 专题协商会, 对口协商会 …)."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("consultation form")
        verbose_name_plural = _("consultation forms")

    def __str__(self):
        return self.name


class ConsultationSettings(models.Model):
    """The district's own numbers (one row), in working days: how long staff have to send the
    outcome (会议纪要 / 建议报告) after the meeting, and how long the Party committee and
    government have for feedback; and how early before a meeting its sign-in may open."""

    outcome_working_days = models.PositiveSmallIntegerField(
        _("working days to send the outcome"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("Counted from the day the meeting was held."),
    )
    feedback_working_days = models.PositiveSmallIntegerField(
        _("working days for feedback"), default=7
    )
    sign_in_hours_before = models.PositiveSmallIntegerField(
        _("hours before a meeting its sign-in may open"),
        default=SIGN_IN_HOURS_BEFORE,
        validators=[MinValueValidator(1), MaxValueValidator(48)],
        help_text=_(
            "Sign-in may be opened this many hours before the meeting starts, until the end of "
            "the meeting's day."
        ),
    )

    class Meta:
        verbose_name = _("consultation settings")
        verbose_name_plural = _("consultation settings")

    def __str__(self):
        return str(_("Consultation settings"))

    @classmethod
    def current(cls):
        return cls.objects.order_by("pk").first() or cls(
            outcome_working_days=7,
            feedback_working_days=7,
            sign_in_hours_before=SIGN_IN_HOURS_BEFORE,
        )
