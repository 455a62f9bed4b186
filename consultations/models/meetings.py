"""Meetings whose attendance counts, each member's attendance, and speeches."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.workflow import TimelineEvent
from members.models import Member, Session

from .consultations import Consultation


def new_sign_in_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


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


class MeetingEvent(TimelineEvent):
    """The meeting's timeline: each change of its date, time or place, with the reason given
    (a meeting has no states: `action` says what was done)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="events")
    old_starts_at = models.DateTimeField(_("was to start at"), null=True, blank=True)
    new_starts_at = models.DateTimeField(_("now starts at"), null=True, blank=True)
    old_venue = models.CharField(_("former venue"), max_length=120, blank=True)
    new_venue = models.CharField(_("new venue"), max_length=120, blank=True)

    class Meta(TimelineEvent.Meta):
        verbose_name = _("meeting event")
        verbose_name_plural = _("meeting events")

    def __str__(self):
        return f"{self.meeting_id}: {self.action}"


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
