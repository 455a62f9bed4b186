"""委员来信: a member's letter to the committee, made from a proposal that was not registered,
with the proposer's consent (DOMAIN §2.3) — the matter still reaches the office, as a letter."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .proposal import BODY_MAX, TITLE_MAX, Proposal


class MemberLetter(models.Model):
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        related_name="letters",
        verbose_name=_("member"),
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    content = models.TextField(_("content"), max_length=2 * BODY_MAX + 2)
    source = models.OneToOneField(
        Proposal,
        on_delete=models.PROTECT,
        related_name="member_letter",
        verbose_name=_("converted from"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("member's letter")
        verbose_name_plural = _("members' letters")

    def __str__(self):
        return self.title
