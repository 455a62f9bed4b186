"""Consultation and democratic supervision (DOMAIN §4): plans, consultations, meetings and
attendance, speeches, outcomes and feedback, supervision plans, inspections and
rectification, research projects and reports."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.uploads import upload_to
from cppcc_portal.core.workflow import TimelineEvent, Versioned
from members.models import HandlingUnit, Member, Session, SpecialCommittee

from .workflow import MACHINE, RECTIFICATION_MACHINE, ConsultationState, RectificationState

MONTH_VALIDATORS = [MinValueValidator(1), MaxValueValidator(12)]


def new_sign_in_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


# --- Configuration [L] ------------------------------------------------------------


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
    """The district's own numbers (one row): how long the Party committee and government
    have for feedback, in working days."""

    feedback_working_days = models.PositiveSmallIntegerField(
        _("working days for feedback"), default=7
    )

    class Meta:
        verbose_name = _("consultation settings")
        verbose_name_plural = _("consultation settings")

    def __str__(self):
        return str(_("Consultation settings"))

    @classmethod
    def current(cls):
        return cls.objects.order_by("pk").first() or cls(feedback_working_days=7)


# --- Yearly consultation plan ------------------------------------------------------


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


# --- Consultations -----------------------------------------------------------------


class Consultation(Versioned, models.Model):
    """One consultation: planned → preparing → held → outcome sent → feedback → closed
    (consultations.workflow.MACHINE). Every write of the services bumps `version`, so a page
    built before it is refused as stale."""

    class OutcomeKind(models.TextChoices):
        REPORT = "report", _("Recommendation report")
        MINUTES = "minutes", _("Meeting minutes")

    plan_item = models.OneToOneField(
        PlanItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultation",
        verbose_name=_("plan item"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    topic = models.CharField(_("topic"), max_length=200)
    form = models.ForeignKey(
        ConsultationForm, on_delete=models.PROTECT, related_name="+", verbose_name=_("form")
    )
    committee = models.ForeignKey(
        SpecialCommittee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organising committee"),
    )
    lead_leader = models.CharField(_("lead leader"), max_length=60, blank=True)
    scheduled_on = models.DateField(_("scheduled date"))
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=ConsultationState.choices,
        default=ConsultationState.PLANNED,
    )
    held_on = models.DateField(_("date held"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=120, blank=True)
    officials_present = models.TextField(_("officials present"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    outcome_kind = models.CharField(
        _("outcome document"), max_length=10, choices=OutcomeKind.choices, blank=True
    )
    outcome_title = models.CharField(_("outcome title"), max_length=200, blank=True)
    outcome_text = models.TextField(_("outcome text"), blank=True)
    outcome_document = models.FileField(
        _("outcome file"), upload_to=upload_to, blank=True, max_length=300
    )
    outcome_sent_on = models.DateField(_("outcome sent on"), null=True, blank=True)
    outcome_recipients = models.CharField(_("sent to"), max_length=200, blank=True)
    feedback_due_on = models.DateField(_("feedback due"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-scheduled_on", "-id"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        indexes = [
            models.Index(fields=["year", "state"]),
            models.Index(fields=["scheduled_on"]),
        ]

    def __str__(self):
        return self.topic

    def get_absolute_url(self):
        return reverse("consultations:detail", args=[self.pk])

    @property
    def is_planned(self):
        return self.plan_item_id is not None

    @property
    def meta(self):
        """What the consultation's state allows (consultations.workflow.STATE_META)."""
        return MACHINE.meta(self)

    @property
    def badge(self):
        return self.meta.badge


class ConsultationEvent(TimelineEvent):
    """The consultation's timeline: who moved it, when, from where to where."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="events")

    class Meta(TimelineEvent.Meta):
        verbose_name = _("consultation event")
        verbose_name_plural = _("consultation events")

    def __str__(self):
        return f"{self.consultation_id}: {self.from_state} → {self.to_state}"

    @property
    def to_label(self):
        return ConsultationState(self.to_state).label


class Material(models.Model):
    """会前调研 and 知情明政 briefing materials members read before the meeting."""

    class Kind(models.TextChoices):
        RESEARCH = "research", _("Pre-meeting research")
        BRIEFING = "briefing", _("Briefing material")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="materials"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    file = models.FileField(_("file"), upload_to=upload_to, blank=True, max_length=300)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self):
        return self.title


# --- Meetings and attendance -------------------------------------------------------


class Meeting(models.Model):
    """Any meeting whose attendance counts: plenary half-days, standing committee meetings,
    consultation meetings and others."""

    class Kind(models.TextChoices):
        PLENARY = "plenary", _("Plenary half-day")
        STANDING = "standing", _("Standing committee meeting")
        CONSULTATION = "consultation", _("Consultation meeting")
        OTHER = "other", _("Other meeting")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("consultation"),
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("session"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    venue = models.CharField(_("venue"), max_length=120, blank=True)
    sign_in_code = models.CharField(_("sign-in code"), max_length=6, default=new_sign_in_code)
    sign_in_open = models.BooleanField(_("sign-in open"), default=False)
    attendance_closed = models.BooleanField(_("attendance closed"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["kind", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="consultation") | Q(consultation__isnull=True),
                name="meeting_consultation_kind",
            )
        ]

    def __str__(self):
        return self.title


class Attendance(models.Model):
    """One member's invitation to one meeting and what became of it."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        CONFIRMED = "confirmed", _("Confirmed")
        LEAVE_REQUESTED = "leave_requested", _("Leave requested")
        LEAVE_APPROVED = "leave_approved", _("Leave approved")
        ATTENDED = "attended", _("Attended")
        ABSENT = "absent", _("Absent without leave")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("member")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.INVITED
    )
    leave_reason = models.CharField(_("reason for leave"), max_length=300, blank=True)
    leave_refused_reason = models.CharField(
        _("reason leave was refused"), max_length=300, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    signed_in_at = models.DateTimeField(_("signed in at"), null=True, blank=True)
    signed_in_by_code = models.BooleanField(_("signed in with the code"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["member__number"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="unique_attendance")
        ]
        indexes = [
            models.Index(fields=["member", "status"]),
            models.Index(fields=["meeting", "status"]),
        ]

    def __str__(self):
        return f"{self.meeting} · {self.member} · {self.get_status_display()}"


class Speech(models.Model):
    """A member's speech text for a meeting; delivered speeches count as duty."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="speeches")
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="speeches", verbose_name=_("member")
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    delivered = models.BooleanField(_("delivered"), default=False)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = _("speech")
        verbose_name_plural = _("speeches")

    def __str__(self):
        return self.title


class Feedback(models.Model):
    """The Party committee's / government's answer to a consultation's outcome."""

    class Result(models.TextChoices):
        ADOPTED = "adopted", _("Fully adopted")
        PARTLY = "partly", _("Partly adopted")
        NOT_ADOPTED = "not_adopted", _("Not adopted")

    consultation = models.OneToOneField(
        Consultation, on_delete=models.CASCADE, related_name="feedback"
    )
    result = models.CharField(_("result"), max_length=12, choices=Result.choices)
    received_on = models.DateField(_("received on"))
    text = models.TextField(_("feedback"))
    leader_instructions = models.TextField(_("leader instructions"), blank=True)
    suggestions_answered = models.TextField(_("suggestions answered"), blank=True)
    speeches = models.ManyToManyField(
        Speech, related_name="feedbacks", blank=True, verbose_name=_("speeches answered")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self):
        return self.get_result_display()


# --- Democratic supervision ---------------------------------------------------------


class SupervisionPlan(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    approved_on = models.DateField(_("approval date"), null=True, blank=True)
    approval_document = models.FileField(
        _("approval document"), upload_to=upload_to, blank=True, max_length=300
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("supervision plan")
        verbose_name_plural = _("supervision plans")

    def __str__(self):
        return self.title


class SupervisionItem(models.Model):
    class Form(models.TextChoices):
        MEETING = "meeting", _("Meeting supervision")
        PROPOSAL = "proposal", _("Proposal supervision")
        INSPECTION = "inspection", _("Inspection supervision")
        SPECIAL = "special", _("Special supervision")
        QUESTIONING = "questioning", _("Member questioning")
        ONLINE = "online", _("Online deliberation")

    plan = models.ForeignKey(SupervisionPlan, on_delete=models.CASCADE, related_name="items")
    topic = models.CharField(_("topic"), max_length=200)
    form = models.CharField(_("form"), max_length=12, choices=Form.choices)
    target_unit = models.ForeignKey(
        HandlingUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("target department"),
    )
    planned_month = models.PositiveSmallIntegerField(
        _("planned month"), validators=MONTH_VALIDATORS
    )
    committee = models.ForeignKey(
        SpecialCommittee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organising committee"),
    )
    supervisors = models.ManyToManyField(
        Member, related_name="supervision_items", blank=True, verbose_name=_("invited supervisors")
    )

    class Meta:
        ordering = ["planned_month", "id"]
        verbose_name = _("supervision item")
        verbose_name_plural = _("supervision items")

    def __str__(self):
        return self.topic


class Inspection(models.Model):
    """视察: members visit, find problems; each finding becomes a rectification item."""

    supervision_item = models.ForeignKey(
        SupervisionItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("supervision item"),
    )
    title = models.CharField(_("title"), max_length=200)
    committee = models.ForeignKey(
        SpecialCommittee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organising committee"),
    )
    target_unit = models.ForeignKey(
        HandlingUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("target department"),
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=120, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    participants = models.ManyToManyField(
        Member, related_name="inspections", blank=True, verbose_name=_("participants")
    )
    supervisors = models.ManyToManyField(
        Member,
        related_name="supervised_inspections",
        blank=True,
        verbose_name=_("invited supervisors"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")

    def __str__(self):
        return self.title


class Rectification(Versioned, models.Model):
    """A finding of an inspection and its rectification: open → rectifying → reported →
    verified / reopened (consultations.workflow.RECTIFICATION_MACHINE)."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="rectifications"
    )
    finding = models.TextField(_("finding"))
    responsible_unit = models.ForeignKey(
        HandlingUnit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible department"),
    )
    deadline = models.DateField(_("rectification deadline"))
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=RectificationState.choices,
        default=RectificationState.OPEN,
    )
    feedback = models.TextField(_("department's feedback"), blank=True)
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    verification = models.TextField(_("verification"), blank=True)
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("rectification item")
        verbose_name_plural = _("rectification items")

    def __str__(self):
        return self.finding[:60]

    def get_absolute_url(self):
        return reverse("consultations:rectification_detail", args=[self.pk])

    @property
    def meta(self):
        """What the item's state allows (consultations.workflow.RECTIFICATION_META)."""
        return RECTIFICATION_MACHINE.meta(self)

    @property
    def badge(self):
        return self.meta.badge


# --- Research ------------------------------------------------------------------------


class ResearchProject(models.Model):
    """调研: a committee's research on a topic, with its members and dates."""

    committee = models.ForeignKey(
        SpecialCommittee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("committee"),
    )
    topic = models.CharField(_("topic"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    summary = models.TextField(_("summary"), blank=True)
    members = models.ManyToManyField(
        Member, related_name="research_projects", blank=True, verbose_name=_("members")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("research project")
        verbose_name_plural = _("research projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="research_dates_ordered"
            )
        ]

    def __str__(self):
        return self.topic


class ResearchReport(models.Model):
    """调研报告 by a member or a committee; a member's report counts as duty."""

    project = models.ForeignKey(
        ResearchProject,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("research project"),
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to=upload_to, blank=True, max_length=300)
    author_member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="research_reports",
        verbose_name=_("member"),
    )
    author_committee = models.ForeignKey(
        SpecialCommittee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("committee"),
    )
    submitted_on = models.DateField(_("submitted on"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_on", "-id"]
        verbose_name = _("research report")
        verbose_name_plural = _("research reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(author_member__isnull=False) | Q(author_committee__isnull=False),
                name="research_report_has_author",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def author_name(self):
        if self.author_member_id:
            return self.author_member.name
        return self.author_committee.name if self.author_committee_id else ""
