"""督: supervision of key proposals, leaders' instructions and the requests for them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .proposal import Proposal


class Supervision(models.Model):
    """督办: a supervising leader's activity on a key proposal."""

    class Kind(models.TextChoices):
        INSPECTION = "inspection", _("Inspection")
        FORUM = "forum", _("Forum")
        URGING = "urging", _("Urging")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supervisions")
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    occurred_on = models.DateField(_("date"))
    note = models.TextField(_("note"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_on", "id"]
        verbose_name = _("supervision")
        verbose_name_plural = _("supervision records")

    def __str__(self):
        return f"{self.get_kind_display()} {self.occurred_on}"


class Instruction(models.Model):
    """批示: a leader's written instruction on a proposal."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="instructions")
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("instruction"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("leader instruction")
        verbose_name_plural = _("leader instructions")

    def __str__(self):
        return self.text[:40]


class InstructionRequest(models.Model):
    """呈请领导批示: proposal staff ask a leader for an instruction on a proposal. It stays open
    (in the leader's queue) until that leader writes an instruction on the proposal or staff
    withdraw it; at most one open request per proposal and leader."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="instruction_requests"
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="instruction_requests",
        verbose_name=_("leader asked"),
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("asked by"),
    )
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now, editable=False)
    note = models.TextField(_("what is asked"), max_length=2000)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)
    instruction = models.ForeignKey(
        Instruction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answered_requests",
        verbose_name=_("instruction"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)

    OPEN = Q(answered_at__isnull=True, withdrawn_at__isnull=True)

    class Meta:
        ordering = ["-asked_at", "-id"]
        verbose_name = _("instruction request")
        verbose_name_plural = _("instruction requests")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "leader"],
                condition=Q(answered_at__isnull=True, withdrawn_at__isnull=True),
                name="instruction_request_one_open",
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | Q(withdrawn_at__isnull=True),
                name="instruction_request_closed_once",
            ),
        ]
        indexes = [
            # the leader's queue: open requests addressed to them, oldest first
            models.Index(
                fields=["leader", "asked_at"],
                condition=Q(answered_at__isnull=True, withdrawn_at__isnull=True),
                name="instruction_request_open",
            ),
        ]

    def __str__(self):
        return f"{self.proposal_id} → {self.leader_id} · {self.get_state_display()}"

    @property
    def state(self) -> str:
        if self.answered_at:
            return "answered"
        if self.withdrawn_at:
            return "withdrawn"
        return "open"

    @property
    def is_open(self) -> bool:
        return self.state == "open"

    def get_state_display(self):
        return {
            "open": _("Awaiting the instruction"),
            "answered": _("Answered"),
            "withdrawn": _("Withdrawn"),
        }[self.state]
