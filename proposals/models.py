"""The proposal pipeline (DOMAIN §2): proposals, co-signers, assignments, replies, evaluations,
supervision and instructions; the handling units they go to live with the organisation."""

import pghistory
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.jobs import JobState
from cppcc_portal.core.uploads import upload_to
from cppcc_portal.core.workflow import TimelineEvent, Versioned
from members.models import HandlingUnit

# --- Configuration [L] --------------------------------------------------------------


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
    result_a_label = models.CharField(
        _("label of result A"), max_length=60, default="所提问题已经解决或基本解决"
    )
    result_b_label = models.CharField(
        _("label of result B"), max_length=60, default="正在解决或已列入计划解决"
    )
    result_c_label = models.CharField(
        _("label of result C"), max_length=60, default="因条件限制留作参考"
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

    def format_number(self, *, session, year, number) -> str:
        return self.number_format.format(session=session, year=year, number=number)

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


# --- The proposal ------------------------------------------------------------------

TITLE_MAX = 100
BODY_MAX = 20000


class ProposalQuerySet(models.QuerySet):
    def overdue(self, today):
        """Proposals whose reply is late (proposals.workflow.overdue_q)."""
        from .workflow import overdue_q

        return self.filter(overdue_q(today))


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
    is_public = models.BooleanField(_("may be made public"), default=False)
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
            GinIndex(
                fields=["analysis"], opclasses=["gin_trgm_ops"], name="proposal_analysis_trgm"
            ),
            GinIndex(fields=["suggestions"], opclasses=["gin_trgm_ops"], name="proposal_sugg_trgm"),
            models.Index(fields=["session", "status"], name="proposal_session_status"),
            models.Index(fields=["status", "reply_due_on"], name="proposal_status_due"),
        ]

    objects = ProposalQuerySet.as_manager()

    @property
    def meta(self):
        """What the proposal's state allows (proposals.workflow), for templates."""
        from .workflow import meta

        return meta(self)

    def __str__(self):
        return f"{self.number_display} {self.title}" if self.number_display else self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("proposals:detail", args=[self.pk])

    @property
    def is_overdue(self):
        from django.utils import timezone

        return (
            self.reply_due_on is not None
            and self.status in {"assigned", "handling", "rehandling"}
            and self.reply_due_on < timezone.localdate()
        )


class CoSigner(models.Model):
    """联名人: invited by the first proposer; counts only once confirmed."""

    class State(models.TextChoices):
        INVITED = "invited", _("Invited")
        CONFIRMED = "confirmed", _("Confirmed")
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
        PHONE = "phone", _("Phone")
        MEETING = "meeting", _("Meeting")
        WRITTEN = "written", _("Written")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="communications")
    unit = models.ForeignKey(HandlingUnit, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    occurred_on = models.DateField(_("date"))
    summary = models.TextField(_("summary"), max_length=4000)
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


class Reply(models.Model):
    """The unit's written reply: result category A/B/C, signed document, signer, round."""

    class Result(models.TextChoices):
        A = "A", _("A: solved or basically solved")
        B = "B", _("B: being solved or planned")
        C = "C", _("C: kept for reference")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="replies")
    unit = models.ForeignKey(HandlingUnit, on_delete=models.PROTECT, related_name="replies")
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    result = models.CharField(_("result category"), max_length=1, choices=Result.choices)
    text = models.TextField(_("reply"), max_length=BODY_MAX)
    document = models.FileField(_("signed document"), upload_to=upload_to, blank=True)
    document_name = models.CharField(max_length=200, blank=True)
    signer = models.CharField(_("signing official"), max_length=40)
    is_public = models.BooleanField(_("may be made public"), default=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("replied at"), auto_now_add=True)

    class Meta:
        ordering = ["round", "id"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "unit", "round"], name="reply_once_per_round"
            )
        ]

    def __str__(self):
        return f"{self.unit} · {self.result} · {self.round}"


SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Evaluation(models.Model):
    """The proposer's evaluation of a reply (first proposer decides; co-signers may add)."""

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        BASIC = "basic", _("Basically satisfied")
        UNSATISFIED = "unsatisfied", _("Unsatisfied")

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
    comment = models.TextField(_("comment"), max_length=4000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "id"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "member", "round"], name="evaluation_once_per_round"
            )
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
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
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


class ProposalEvent(TimelineEvent):
    """The proposal's timeline: every transition and every notable act."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")

    class Meta(TimelineEvent.Meta):
        verbose_name = _("proposal event")
        verbose_name_plural = _("proposal events")
        indexes = [models.Index(fields=["proposal", "at"], name="event_proposal_time")]

    def __str__(self):
        return f"{self.proposal_id} {self.action}"


class CompilationJob(JobState, models.Model):
    """提案汇编 of a session, built by a Celery task; progress polled by the page."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    session = models.ForeignKey("members.Session", on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=upload_to, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("proposal compilation")
        verbose_name_plural = _("proposal compilations")

    def __str__(self):
        return f"{self.session} · {self.get_state_display()}"

    @property
    def percent(self):
        return (
            int(self.done * 100 / self.total)
            if self.total
            else (100 if self.state == "done" else 0)
        )
