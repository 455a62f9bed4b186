"""Study (DOMAIN §5): reading groups, study materials, reflections and trainings."""

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.uploads import upload_to

from .organisation import Member


class ReadingGroup(models.Model):
    """读书群组: members who read together; materials may be shared with one group."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    members = models.ManyToManyField(
        Member, related_name="reading_groups", blank=True, verbose_name=_("members")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("reading group")
        verbose_name_plural = _("reading groups")

    def __str__(self):
        return self.name


class StudyMaterial(models.Model):
    """学习资料: an article (and optionally a file) members read on the phone."""

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    # a random stored name: the member's own file name (kept in file_name) may be too long
    # for the file system or carry path tricks
    file = models.FileField(_("file"), upload_to=upload_to, blank=True, max_length=200)
    file_name = models.CharField(max_length=200, blank=True)
    group = models.ForeignKey(
        ReadingGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="materials",
        verbose_name=_("reading group"),
        help_text=_("Empty: for every member."),
    )
    published_on = models.DateField(_("published on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("study material")
        verbose_name_plural = _("study materials")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("members:study_material", args=[self.pk])


class StudyRead(models.Model):
    """A read receipt: the first time a member opened a material."""

    material = models.ForeignKey(StudyMaterial, on_delete=models.CASCADE, related_name="reads")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="study_reads")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["material", "member"], name="one_read_receipt")
        ]

    def __str__(self):
        return f"{self.member_id} · {self.material_id}"


@pghistory.track()
class StudyReflection(models.Model):
    """学习心得: written by a member, accepted by staff (then it counts as duty) or returned."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting review")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned")

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="reflections", verbose_name=_("member")
    )
    material = models.ForeignKey(
        StudyMaterial,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reflections",
        verbose_name=_("study material"),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=5000)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.SUBMITTED
    )
    submitted_on = models.DateField(_("submitted on"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_comment = models.CharField(_("review comment"), max_length=300, blank=True)

    class Meta:
        ordering = ["-submitted_on", "-id"]
        verbose_name = _("study reflection")
        verbose_name_plural = _("study reflections")
        indexes = [models.Index(fields=["state", "submitted_on"], name="reflection_state")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("members:reflection", args=[self.pk])


class Training(models.Model):
    """培训: a training session; attendance marked by staff counts as duty."""

    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    attendees = models.ManyToManyField(
        Member, through="TrainingAttendance", related_name="trainings", blank=True
    )

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("members:training", args=[self.pk])


class TrainingAttendance(models.Model):
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["training", "member"], name="one_training_attendance")
        ]

    def __str__(self):
        return f"{self.member_id} · {self.training_id}"
