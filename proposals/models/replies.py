"""The reply and its sign-off before release (DOMAIN §2.4): the lead unit drafts, the co-units
countersign (会签), proposal staff review it (督办审核) and release it to the proposers. The
draft's states and moves are in proposals.workflow (REPLY_MACHINE)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.uploads import upload_to
from cppcc_portal.core.workflow import Versioned
from members.models import HandlingUnit

from .proposal import BODY_MAX, Proposal


class Reply(Versioned):
    """A unit's written reply of one round: result category A/B/C, signed document, signer.
    The proposers see it once released; until then it is a draft going through sign-off."""

    class Result(models.TextChoices):
        A = "A", _("A: solved or basically solved")
        B = "B", _("B: being solved or planned")
        C = "C", _("C: kept for reference")

    class Status(models.TextChoices):
        DRAFTING = "drafting", _("Being drafted")
        COUNTERSIGNING = "countersigning", _("Awaiting countersignature")
        REVIEWING = "reviewing", _("Awaiting review by proposal staff")
        RETURNED = "returned", _("Sent back to the lead unit")
        RELEASED = "released", _("Released to the proposers")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="replies")
    unit = models.ForeignKey(HandlingUnit, on_delete=models.PROTECT, related_name="replies")
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    status = models.CharField(
        _("sign-off"),
        max_length=16,
        choices=Status.choices,
        default=Status.DRAFTING,
        editable=False,
    )
    revision = models.PositiveSmallIntegerField(_("revision"), default=1, editable=False)
    result = models.CharField(_("result category"), max_length=1, choices=Result.choices)
    # 督办审核 may change the category: the lead unit's proposal and the reason stay on record
    proposed_result = models.CharField(
        _("category proposed by the unit"),
        max_length=1,
        choices=Result.choices,
        blank=True,
        editable=False,
    )
    result_change_reason = models.TextField(
        _("reason for changing the category"), blank=True, editable=False
    )
    review_comment = models.TextField(_("review comment"), blank=True, editable=False)
    text = models.TextField(_("reply"), max_length=BODY_MAX)
    document = models.FileField(_("signed document"), upload_to=upload_to, blank=True)
    document_name = models.CharField(max_length=200, blank=True)
    signer = models.CharField(_("signing official"), max_length=40)
    # the unit's view: unticked is an objection to publishing this reply (with its reason);
    # proposal staff decide the objection (disclosure), docs/DISCLOSURE.md
    is_public = models.BooleanField(_("may be made public"), default=True)
    disclosure_objection = models.TextField(
        _("the unit's objection to publication"), blank=True, editable=False
    )
    disclosure = models.CharField(
        _("decision on publication"),
        max_length=8,
        choices=Proposal.Disclosure.choices,
        blank=True,
        default="",
        editable=False,
    )
    disclosure_reason = models.TextField(
        _("reason for the decision on publication"), blank=True, editable=False
    )
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("replied at"), auto_now_add=True)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True, editable=False)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["round", "id"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "unit", "round"], name="reply_once_per_round"
            ),
            models.CheckConstraint(
                condition=~Q(status="released") | Q(released_at__isnull=False),
                name="reply_released_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.unit} · {self.result} · {self.round}"

    @property
    def meta(self):
        """What the draft's state allows (proposals.workflow.REPLY_MACHINE), for templates."""
        from ..workflow import REPLY_MACHINE

        return REPLY_MACHINE.meta(self)

    @property
    def objection_pending(self) -> bool:
        return not self.is_public and not self.disclosure

    @property
    def is_disclosed(self) -> bool:
        """Shown with its disclosed proposal: released, and either the unit did not object and
        staff did not refuse, or staff overruled the unit's objection."""
        if self.status != self.Status.RELEASED:
            return False
        if self.disclosure == Proposal.Disclosure.APPROVED:
            return True
        return self.is_public and self.disclosure != Proposal.Disclosure.REFUSED

    @property
    def result_changed(self) -> bool:
        return bool(self.proposed_result) and self.proposed_result != self.result


class Countersign(models.Model):
    """会签: a co-unit agrees to a revision of the lead unit's draft, or agrees with a view
    that is kept on the record."""

    class Decision(models.TextChoices):
        AGREE = "agree", _("Agree")
        AGREE_WITH_VIEW = "view", _("Agree, with a view")

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="countersigns")
    unit = models.ForeignKey(HandlingUnit, on_delete=models.PROTECT, related_name="+")
    revision = models.PositiveSmallIntegerField(_("revision"))
    decision = models.CharField(_("decision"), max_length=6, choices=Decision.choices)
    view = models.TextField(_("view"), max_length=4000, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    signed_at = models.DateTimeField(_("countersigned at"), auto_now_add=True)

    class Meta:
        ordering = ["revision", "id"]
        verbose_name = _("countersignature")
        verbose_name_plural = _("countersignatures")
        constraints = [
            models.UniqueConstraint(
                fields=["reply", "unit", "revision"], name="countersign_once_per_revision"
            ),
            models.CheckConstraint(
                condition=~Q(decision="view") | ~Q(view=""), name="countersign_view_given"
            ),
        ]

    def __str__(self):
        return f"{self.unit} · {self.get_decision_display()}"
