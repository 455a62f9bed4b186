"""提案参考选题: the year's suggested topics staff publish (from the Party committee's and the
government's priorities, consultations, residents' opinions, with links to the sources), and
which proposals were started from each."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from members.models import Session

from .config import ProposalCategory
from .proposal import Proposal


class Topic(models.Model):
    class Source(models.TextChoices):
        PARTY = "party", _("Party committee's priorities")
        GOVERNMENT = "government", _("Government's priorities")
        CONSULTATION = "consultation", _("Consultation outcome")
        RESIDENTS = "residents", _("Residents' opinions")
        OTHER = "other", _("Other")

    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="topics", verbose_name=_("session")
    )
    title = models.CharField(_("topic"), max_length=100)
    description = models.TextField(_("what to look into"), max_length=2000, blank=True)
    category = models.ForeignKey(
        ProposalCategory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("category"),
    )
    source = models.CharField(_("source"), max_length=14, choices=Source.choices)
    source_label = models.CharField(_("source document"), max_length=120, blank=True)
    source_url = models.URLField(_("link to the source"), max_length=300, blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-session__year", "id"]
        verbose_name = _("suggested topic")
        verbose_name_plural = _("suggested topics")
        constraints = [
            models.UniqueConstraint(fields=["session", "title"], name="topic_once_per_session")
        ]

    def __str__(self):
        return self.title


class TopicProposal(models.Model):
    """A proposal started from a topic (one topic per proposal)."""

    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="uses")
    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="topic_use")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("proposal from a topic")
        verbose_name_plural = _("proposals from topics")

    def __str__(self):
        return f"{self.topic} → {self.proposal}"
