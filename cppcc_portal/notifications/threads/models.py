"""A thread is the messages on one object (generic foreign key); messages are never deleted."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.uploads import upload_to


class ThreadMessage(models.Model):
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="thread_messages"
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="thread_mentions"
    )

    class Meta:
        verbose_name = _("thread message")
        verbose_name_plural = _("thread messages")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["target_type", "target_id", "created_at"], name="thread_target")
        ]

    def __str__(self):
        return f"{self.author} @ {self.created_at:%Y-%m-%d %H:%M}"


class ThreadAttachment(models.Model):
    message = models.ForeignKey(ThreadMessage, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(_("file"), upload_to=upload_to, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size"), default=0)

    class Meta:
        verbose_name = _("thread attachment")
        verbose_name_plural = _("thread attachments")
        ordering = ["id"]

    def __str__(self):
        return self.name
