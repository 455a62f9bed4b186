"""办: assignments to units, return and extension requests, contacts with the proposer, the
proposers' evaluations (评) and the units' quality ratings. The replies: models.replies."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import HandlingUnit

from .proposal import Proposal


class Assignment(models.Model):
    """A unit's share of a proposal: lead (主办), co-unit (会办) or split (分办)."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead unit")
        CO = "co", _("Co-unit")
        SPLIT = "split", _("Split handling")

    class State(models.TextChoices):
        ACTIVE = "active", _("Active")
        RETURN_REQUESTED = "return_requested", _("Return requested")
        RELEASED = "released", _("Returned to staff")
        DONE = "done", _("Done")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(
        HandlingUnit, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("unit")
    )
    role = models.CharField(_("role"), max_length=6, choices=Role.choices)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.ACTIVE)
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    return_due_on = models.DateField(_("sign for or return by"))
    due_on = models.DateField(_("reply / views due"))
    signed_at = models.DateTimeField(_("signed for at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    views = models.TextField(_("views for the lead unit"), blank=True)
    views_at = models.DateTimeField(_("views sent at"), null=True, blank=True)

    class Meta:
        ordering = ["role", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "unit"],
                condition=~Q(state="released"),
                name="assignment_unit_once",
            ),
            models.UniqueConstraint(
                fields=["proposal"],
                condition=Q(role="lead") & ~Q(state="released"),
                name="assignment_one_lead",
            ),
        ]
        indexes = [models.Index(fields=["unit", "state"], name="assignment_unit_state")]

    def __str__(self):
        return f"{self.unit} · {self.get_role_display()}"

    @property
    def is_active(self) -> bool:
        return self.state == self.State.ACTIVE

    @property
    def is_released(self) -> bool:
        return self.state == self.State.RELEASED

    @property
    def shows_state(self) -> bool:
        """Only the unusual states are worth a badge (a return asked, given back)."""
        return self.state not in (self.State.ACTIVE, self.State.DONE)

    @property
    def replies_for_proposal(self):
        return self.role in {self.Role.LEAD, self.Role.SPLIT}


class ReturnRequest(models.Model):
    """A unit asks staff to take a proposal back (it may not pass it on itself)."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="return_requests"
    )
    reason = models.TextField(_("reason"), max_length=2000)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("return request")
        verbose_name_plural = _("return requests")

    def __str__(self):
        return f"{self.assignment} · {self.get_state_display()}"


class Communication(models.Model):
    """办前/办中沟通 with the proposer: each contact recorded."""

    class Method(models.TextChoices):
        VISIT = "visit", _("Visit")
        PHONE = "phone", pgettext_lazy("proposal", "Phone")
        MEETING = "meeting", pgettext_lazy("proposal", "Meeting")
        WRITTEN = "written", _("Written")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="communications")
    unit = models.ForeignKey(HandlingUnit, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    occurred_on = models.DateField(_("date"))
    summary = models.TextField(pgettext_lazy("proposal", "summary"), max_length=4000)
    round = models.PositiveSmallIntegerField(default=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_on", "id"]
        verbose_name = _("communication with the proposer")
        verbose_name_plural = _("communications with the proposer")

    def __str__(self):
        return f"{self.get_method_display()} {self.occurred_on}"


SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Evaluation(models.Model):
    """The proposer's evaluation of a reply (first proposer decides; co-signers and the
    proposers of merged proposals may add theirs). Online, or given on paper or by phone and
    recorded by proposal staff (代录入). 不满意 always carries its reason (the comment)."""

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        BASIC = "basic", _("Basically satisfied")
        UNSATISFIED = "unsatisfied", _("Unsatisfied")

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        PAPER = "paper", _("On paper")
        PHONE = "phone", _("By phone")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="evaluations")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    satisfaction = models.CharField(_("satisfaction"), max_length=12, choices=Satisfaction.choices)
    score_before = models.PositiveSmallIntegerField(
        _("consultation before handling"), validators=SCORE_VALIDATORS
    )
    score_during = models.PositiveSmallIntegerField(
        _("consultation during handling"), validators=SCORE_VALIDATORS
    )
    score_reply = models.PositiveSmallIntegerField(_("the reply"), validators=SCORE_VALIDATORS)
    comment = models.TextField(pgettext_lazy("proposal", "comment"), max_length=4000, blank=True)
    channel = models.CharField(
        _("received"), max_length=6, choices=Channel.choices, default=Channel.ONLINE
    )
    received_on = models.DateField(_("given on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "id"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "member", "round"], name="evaluation_once_per_round"
            ),
            models.CheckConstraint(
                condition=~Q(satisfaction="unsatisfied") | ~Q(comment=""),
                name="evaluation_unsatisfied_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.member} · {self.get_satisfaction_display()}"


class QualityRating(models.Model):
    """The unit's rating of the proposal (双向评价)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="quality_ratings")
    unit = models.ForeignKey(HandlingUnit, on_delete=models.PROTECT, related_name="+")
    topic = models.PositiveSmallIntegerField(_("choice of topic"), validators=SCORE_VALIDATORS)
    analysis = models.PositiveSmallIntegerField(_("analysis"), validators=SCORE_VALIDATORS)
    feasibility = models.PositiveSmallIntegerField(
        _("feasibility of suggestions"), validators=SCORE_VALIDATORS
    )
    comment = models.TextField(pgettext_lazy("proposal", "comment"), max_length=2000, blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quality rating")
        verbose_name_plural = _("quality ratings")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "unit"], name="quality_once_per_unit")
        ]

    def __str__(self):
        return f"{self.unit} · {self.topic}/{self.analysis}/{self.feasibility}"


class ExtensionRequest(models.Model):
    """A unit asks for more time (at most the configured months after assignment)."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="extensions")
    reason = models.TextField(_("reason"), max_length=2000)
    requested_until = models.DateField(_("new reply date"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")

    def __str__(self):
        return f"{self.assignment} → {self.requested_until}"
