"""The proposal's timeline and the compilation jobs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.jobs import JobState
from cppcc_portal.core.uploads import upload_to
from cppcc_portal.core.workflow import TimelineEvent

from .proposal import Proposal

# the events that change what the public pages show: their newest is part of the public
# pages' cache stamp (proposals.public.stamp), read through the partial index below
PUBLIC_STAMP_EVENTS = models.Q(action__startswith="disclosure") | models.Q(action="reply_released")


class ProposalEvent(TimelineEvent):
    """The proposal's timeline: every transition and every notable act."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")

    class Meta(TimelineEvent.Meta):
        verbose_name = _("proposal event")
        verbose_name_plural = _("proposal events")
        indexes = [
            models.Index(fields=["proposal", "at"], name="event_proposal_time"),
            # the public pages' cache stamp reads the newest disclosure event (proposals.public)
            models.Index(
                fields=["id"],
                condition=PUBLIC_STAMP_EVENTS,
                name="event_disclosure",
            ),
        ]

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
    pdf = models.FileField(upload_to=upload_to, blank=True)
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
