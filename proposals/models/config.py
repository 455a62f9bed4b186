"""Configuration [L] of the proposal office: deadlines, formats, categories, grounds."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalSettings(models.Model):
    """The district's configurable defaults (DOMAIN §2): one row, edited in the admin."""

    cosigner_days = models.PositiveSmallIntegerField(_("co-signer confirmation (days)"), default=3)
    return_window_working_days = models.PositiveSmallIntegerField(
        _("unit return window (working days)"), default=10
    )
    co_unit_months = models.PositiveSmallIntegerField(_("co-unit views (months)"), default=1)
    reply_months = models.PositiveSmallIntegerField(_("reply deadline (months)"), default=3)
    extension_max_months = models.PositiveSmallIntegerField(
        _("longest extension (months after assignment)"), default=6
    )
    evaluation_working_days = models.PositiveSmallIntegerField(
        _("evaluation window (working days)"), default=15
    )
    rehandling_months = models.PositiveSmallIntegerField(_("rehandling reply (months)"), default=1)
    rehandling_cap = models.PositiveSmallIntegerField(_("rehandling rounds at most"), default=1)
    number_format = models.CharField(
        _("number format"),
        max_length=60,
        default="{session}第{number:04d}号",
        help_text=_("Placeholders: {session} (session name), {year}, {number}."),
    )
    reply_number_format = models.CharField(
        _("reply letter number format"),
        max_length=60,
        default="{unit}提复〔{year}〕{number}号",
        help_text=_("Placeholders: {unit} (short name of the unit), {year}, {number}."),
    )
    result_a_label = models.CharField(
        _("label of result A"), max_length=60, default="所提问题已经解决或基本解决"
    )
    result_b_label = models.CharField(
        _("label of result B"), max_length=60, default="正在解决或已列入计划解决"
    )
    result_c_label = models.CharField(
        _("label of result C"), max_length=60, default="因条件限制留作参考"
    )
    # the reply's sign-off before release (DOMAIN §2.4)
    reply_document_required = models.BooleanField(
        _("a signed reply document is required"), default=True
    )
    countersign_working_days = models.PositiveSmallIntegerField(
        _("co-units' countersignature (working days)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    review_working_days = models.PositiveSmallIntegerField(
        _("review by proposal staff (working days)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    revision_working_days = models.PositiveSmallIntegerField(
        _("revision of a sent-back draft (working days)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    # the pre-review while writing (预审): minimum lengths, in characters without spaces
    prereview_min_analysis_chars = models.PositiveSmallIntegerField(
        _("pre-review: shortest situation analysis (characters)"),
        default=150,
        validators=[MinValueValidator(20), MaxValueValidator(3000)],
    )
    prereview_min_suggestions_chars = models.PositiveSmallIntegerField(
        _("pre-review: shortest suggestions (characters)"),
        default=80,
        validators=[MinValueValidator(10), MaxValueValidator(3000)],
    )
    excellent_share_percent = models.PositiveSmallIntegerField(
        _("excellent proposals at most (percent of the registered)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("Of a session's registered proposals; at least one may be selected."),
    )

    class Meta:
        verbose_name = _("proposal settings")
        verbose_name_plural = _("proposal settings")

    def __str__(self):
        return str(_("proposal settings"))

    def clean(self):
        from django.core.exceptions import ValidationError

        try:
            self.format_number(session="二届三次会议", year=2026, number=1)
        except (KeyError, ValueError, IndexError) as exc:
            raise ValidationError({"number_format": _("Invalid number format.")}) from exc
        try:
            self.format_reply_number(unit="区教育局", year=2026, number=1)
        except (KeyError, ValueError, IndexError) as exc:
            raise ValidationError({"reply_number_format": _("Invalid number format.")}) from exc

    def format_number(self, *, session, year, number) -> str:
        return self.number_format.format(session=session, year=year, number=number)

    def format_reply_number(self, *, unit, year, number) -> str:
        return self.reply_number_format.format(unit=unit, year=year, number=number)

    def excellent_limit(self, registered: int) -> int:
        """How many proposals of a session with `registered` registered ones may be selected
        as excellent: the share, rounded down, but at least one once any is registered."""
        if registered <= 0:
            return 0
        return max(1, registered * self.excellent_share_percent // 100)

    def result_label(self, code) -> str:
        return {"A": self.result_a_label, "B": self.result_b_label, "C": self.result_c_label}.get(
            code, code
        )

    @classmethod
    def get(cls):
        obj = cls.objects.order_by("pk").first()
        return obj or cls.objects.create()


class ProposalCategory(models.Model):
    """经济建设, 政治建设 … [L]."""

    name = models.CharField(_("name"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("proposal category")
        verbose_name_plural = _("proposal categories")

    def __str__(self):
        return self.name


class NotRegisteredGround(models.Model):
    """A ground for not registering a proposal; the proposer sees it."""

    text = models.CharField(_("ground"), max_length=120, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("ground for not registering")
        verbose_name_plural = _("grounds for not registering")

    def __str__(self):
        return self.text
