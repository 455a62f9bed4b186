"""One consultation: its state, its timeline, its materials and the feedback on its outcome."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.uploads import upload_to
from cppcc_portal.core.workflow import TimelineEvent, Versioned
from members.models import SpecialCommittee

from ..workflow import MACHINE, ConsultationState
from .config import ConsultationForm
from .plans import PlanItem


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
    outcome_due_on = models.DateField(_("outcome due"), null=True, blank=True)
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

    # steps that change no state, as the timeline names them
    ACTION_LABELS = {"reschedule_meeting": _("Meeting rescheduled")}

    @property
    def label(self):
        """What the line says: the step if it moved no state, else the state it led to."""
        return self.ACTION_LABELS.get(self.action) or self.to_label


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
        "Speech", related_name="feedbacks", blank=True, verbose_name=_("speeches answered")
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
