"""Research (调研): projects and the reports they produce."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.uploads import upload_to
from members.models import Member, SpecialCommittee


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
