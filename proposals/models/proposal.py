"""The proposal (提) and its co-signers and attachments."""

import pghistory
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cppcc_portal.core.bigrams import Bigrams
from cppcc_portal.core.uploads import upload_to
from cppcc_portal.core.workflow import Versioned
from members.models import HandlingUnit

from .config import NotRegisteredGround, ProposalCategory

TITLE_MAX = 100
BODY_MAX = 20000


class ProposalQuerySet(models.QuerySet):
    def overdue(self, today):
        """Proposals whose reply is late (proposals.workflow.overdue_q)."""
        from ..workflow import overdue_q

        return self.filter(overdue_q(today))


# The texts the search reads, in the order of the proposal_text_bigrams index (core.search).
PROPOSAL_TEXTS = ("title", "analysis", "suggestions", "number_display")


@pghistory.track(
    model_name="ProposalHistory",
    obj_field=pghistory.ObjForeignKey(related_name="history", related_query_name="history"),
)
class Proposal(Versioned):
    """提案. Its status moves only through proposals.workflow (status is read-only elsewhere)."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual proposal")
        JOINT = "joint", _("Joint proposal")
        PARTY_GROUP = "party_group", _("Party or group proposal")
        COMMITTEE = "committee", _("Special committee proposal")
        SECTOR = "sector", _("Sector proposal")
        MEMBER_GROUP = "member_group", _("Member-group proposal")
        COLLECTIVE = "collective", _("Collective proposal")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted (awaiting review)")
        RETURNED = "returned", _("Returned for revision")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REGISTERED = "registered", _("Registered")
        NOT_REGISTERED = "not_registered", _("Not registered")
        MERGED = "merged", _("Merged")
        ASSIGNED = "assigned", _("Assigned")
        HANDLING = "handling", _("Being handled")
        REPLIED = "replied", _("Replied")
        REHANDLING = "rehandling", _("Rehandling")
        CLOSED = "closed", _("Closed")

    class Conversion(models.TextChoices):
        NONE = "", _("—")
        REPORT = "report", _("a social-opinion report")
        LETTER = "letter", _("a member's letter")

    class Disclosure(models.TextChoices):
        """Proposal staff's review of a disclosure the proposer agreed to (docs/DISCLOSURE.md)."""

        PENDING = "", _("Not reviewed")
        APPROVED = "approved", _("Approved for publication")
        REFUSED = "refused", _("Not to be published")

    class Excellence(models.TextChoices):
        NONE = "", _("—")
        NOMINATED = "nominated", _("Nominated as excellent")
        SELECTED = "selected", _("Excellent proposal")

    session = models.ForeignKey(
        "members.Session",
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("session"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.INDIVIDUAL)
    is_plenary = models.BooleanField(_("plenary proposal"), default=False)
    category = models.ForeignKey(
        ProposalCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("category"),
    )
    title = models.CharField(_("title (matter)"), max_length=TITLE_MAX)
    analysis = models.TextField(_("situation analysis"), max_length=BODY_MAX, blank=True)
    suggestions = models.TextField(_("suggestions"), max_length=BODY_MAX, blank=True)
    suggested_units = models.ManyToManyField(
        HandlingUnit, blank=True, related_name="+", verbose_name=_("suggested units")
    )
    first_proposer = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        related_name="proposals_first",
        verbose_name=_("first proposer"),
    )
    organisation = models.CharField(
        _("proposing organisation"),
        max_length=80,
        blank=True,
        help_text=_("For party, committee, sector and collective proposals."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    number = models.PositiveIntegerField(_("number"), null=True, blank=True, editable=False)
    number_display = models.CharField(
        _("proposal number"), max_length=60, blank=True, editable=False
    )
    is_key = models.BooleanField(_("key proposal"), default=False, editable=False)
    supervising_leaders = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="supervised_proposals",
        verbose_name=_("supervising leaders"),
    )
    excellence = models.CharField(
        _("excellent"),
        max_length=10,
        choices=Excellence.choices,
        blank=True,
        default="",
        editable=False,
    )
    # the proposer's agreement to public disclosure (asked on submitting, changeable until
    # registration); public only once proposal staff approved it as well
    is_public = models.BooleanField(_("may be made public"), default=False)
    disclosure = models.CharField(
        _("disclosure review"),
        max_length=8,
        choices=Disclosure.choices,
        blank=True,
        default="",
        editable=False,
    )
    disclosure_reason = models.TextField(
        _("reason the disclosure was refused"), blank=True, editable=False
    )
    disclosed_at = models.DateTimeField(
        _("approved for publication at"), null=True, blank=True, editable=False
    )
    not_registered_ground = models.ForeignKey(
        NotRegisteredGround,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ground for not registering"),
    )
    staff_comment = models.TextField(_("comment to the proposer"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_proposals",
        verbose_name=_("merged into"),
        editable=False,
    )
    conversion_consent_at = models.DateTimeField(
        _("consent to conversion given at"), null=True, blank=True, editable=False
    )
    conversion_target = models.CharField(
        _("convert into"),
        max_length=6,
        choices=Conversion.choices,
        blank=True,
        default="",
        editable=False,
    )
    conversion_requested_at = models.DateTimeField(
        _("conversion requested at"), null=True, blank=True, editable=False
    )
    converted_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    converted_id = models.PositiveBigIntegerField(null=True, blank=True)
    converted_to = GenericForeignKey("converted_type", "converted_id")
    source_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    rehandling_rounds = models.PositiveSmallIntegerField(
        _("rehandling rounds"), default=0, editable=False
    )
    not_evaluated = models.BooleanField(
        _("closed without evaluation"), default=False, editable=False
    )
    reply_due_on = models.DateField(_("reply due"), null=True, blank=True, editable=False)
    evaluation_due_on = models.DateField(_("evaluation due"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # 代录入: proposal staff entered it from the paper form handed in on that day
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("entered from paper by"),
    )
    handed_in_on = models.DateField(_("paper form handed in on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True, editable=False)
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "number"],
                condition=Q(number__isnull=False),
                name="proposal_number_unique_in_session",
            ),
        ]
        indexes = [
            GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="proposal_title_trgm"),
            # the search box and the staff list's search: a term of two characters or more
            # by index (core.search.text_match); the fields in this order there too
            GinIndex(Bigrams(*PROPOSAL_TEXTS), name="proposal_text_bigrams"),
            models.Index(fields=["session", "status"], name="proposal_session_status"),
            # the staff list's order (session, number, id) with the status it filters on:
            # its page of keys by an index-only scan (core.pagination ids_first)
            models.Index(
                fields=["session", "number", "id"], include=["status"], name="proposal_list_order"
            ),
            models.Index(fields=["status", "reply_due_on"], name="proposal_status_due"),
            # the default order (newest first): the admin's changelist a page of the index
            models.Index(fields=["created_at", "id"], name="proposal_recent"),
            # the public list, and its cache stamp's count and summed versions by an
            # index-only scan (proposals.public.stamp)
            models.Index(
                fields=["session", "number"],
                include=["version"],
                condition=Q(is_public=True, disclosure="approved"),
                name="proposal_public",
            ),
        ]

    objects = ProposalQuerySet.as_manager()

    @property
    def meta(self):
        """What the proposal's state allows (proposals.workflow), for templates."""
        from ..workflow import meta

        return meta(self)

    def __str__(self):
        return f"{self.number_display} {self.title}" if self.number_display else self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("proposals:detail", args=[self.pk])

    @property
    def is_overdue(self):
        from ..workflow import OPEN_UNIT_STATES

        return (
            self.reply_due_on is not None
            and self.status in OPEN_UNIT_STATES
            and self.reply_due_on < timezone.localdate()
        )

    @property
    def is_disclosed(self) -> bool:
        """On the public pages: the proposer agreed, staff approved, and it was registered."""
        from ..workflow import REGISTERED_STATES

        return (
            self.is_public
            and self.disclosure == self.Disclosure.APPROVED
            and self.status in REGISTERED_STATES
        )

    @property
    def on_paper(self) -> bool:
        return self.entered_by_id is not None


class CoSigner(models.Model):
    """联名人: invited by the first proposer; counts only once confirmed."""

    class State(models.TextChoices):
        INVITED = "invited", _("Invited")
        CONFIRMED = "confirmed", pgettext_lazy("proposal", "Confirmed")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Dropped off (not confirmed in time)")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="cosigners")
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        related_name="cosignatures",
        verbose_name=_("co-signer"),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.INVITED
    )
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    due_on = models.DateField(_("confirm by"))
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    on_paper = models.BooleanField(_("confirmed on the paper form"), default=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("co-signer")
        verbose_name_plural = _("co-signers")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "member"], name="cosigner_once"),
        ]

    def __str__(self):
        return f"{self.member} · {self.get_state_display()}"

    @property
    def is_confirmed(self) -> bool:
        return self.state == self.State.CONFIRMED


class Attachment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=upload_to)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"), default=0)
    is_paper_scan = models.BooleanField(_("scan of the paper form"), default=False)
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
