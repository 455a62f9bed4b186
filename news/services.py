"""Every write of the news part: keyword-only, one transaction, permission-checked."""

import html
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from cppcc_portal.core.uploads import display_name
from cppcc_portal.notifications.services import close_deadline, notify, open_deadline

from . import workflow
from .audience import audience_pairs
from .duties import RECEIPT_DUTY
from .models import Article, ArticleImage, ArticleRead, Notice, NoticeRecipient
from .sanitize import clean_html
from .selectors import can_manage

REMIND_INTERVAL = timedelta(minutes=10)  # a double click must not message everyone twice

ARTICLE_FIELDS = ("title", "summary", "body", "category", "visibility", "byline")
NOTICE_FIELDS = (
    "title",
    "body",
    "audience",
    "sector",
    "committee",
    "station",
    "reply_by",
    "receipt_label",
)


def _require_manager(actor):
    if not can_manage(actor):
        raise PermissionDenied(_("Only committee staff may manage news and notices."))


def _locked(model, pk):
    return model.objects.select_for_update().get(pk=pk)


# --- Articles -------------------------------------------------------------------------


@transaction.atomic
def save_article(*, actor, article: Article | None = None, data: dict, cover=None) -> Article:
    """Create or edit an article (in any state); the body is sanitised before it is stored."""
    _require_manager(actor)
    if article is None:
        article = Article(author=actor)
    for name in ARTICLE_FIELDS:
        if name in data:
            setattr(article, name, data[name])
    own_images = set(article.images.values_list("pk", flat=True)) if article.pk else set()
    article.body = clean_html(article.body, allowed_images=own_images)
    if not article.summary.strip():
        # the list shows a line of text under each title; take it from the body if not given
        text = " ".join(html.unescape(strip_tags(article.body)).split())
        article.summary = text[:80] + ("…" if len(text) > 80 else "")
    if cover is not None:
        article.cover = cover
    elif data.get("cover_clear"):
        article.cover = ""
    article.full_clean()
    article.save()
    return article


@transaction.atomic
def add_article_image(*, actor, article: Article, upload) -> ArticleImage:
    """Store a picture (already validated by ValidatedImageField) for use in the body."""
    _require_manager(actor)
    image = ArticleImage(
        article=article, image=upload, original_name=display_name(upload.name), uploaded_by=actor
    )
    image.save()
    return image


@transaction.atomic
def publish_article(*, actor, article: Article, at: datetime | None = None) -> Article:
    """Publish now, or schedule for `at` (a future time: readers see it from then on)."""
    _require_manager(actor)
    locked = _locked(Article, article.pk)
    if not workflow.ARTICLES.can(locked, "publish"):
        raise ValidationError(_("This article is already published."))
    now = timezone.now()
    if at is not None and at < now - timedelta(minutes=5):
        raise ValidationError(_("A scheduled time must be in the future."))
    if not locked.title.strip() or not locked.body.strip():
        raise ValidationError(_("An article needs a title and a body before it is published."))
    locked.status = Article.Status.PUBLISHED
    locked.publish_at = at if at is not None and at > now else now
    locked.save(update_fields=["status", "publish_at", "updated_at"])
    return locked


@transaction.atomic
def unpublish_article(*, actor, article: Article) -> Article:
    """Take an article (or a scheduled one) back to draft."""
    _require_manager(actor)
    locked = _locked(Article, article.pk)
    if not workflow.ARTICLES.can(locked, "unpublish"):
        raise ValidationError(_("This article is not published."))
    locked.status = Article.Status.DRAFT
    locked.save(update_fields=["status", "updated_at"])
    return locked


def mark_article_read(*, user, article: Article) -> None:
    """Idempotent; anonymous readers leave no mark."""
    if getattr(user, "is_authenticated", False):
        ArticleRead.objects.get_or_create(article=article, user=user)


# --- Notices --------------------------------------------------------------------------


def _check_audience(notice: Notice):
    if notice.audience != Notice.Audience.SECTOR:
        notice.sector = None
    if notice.audience != Notice.Audience.COMMITTEE:
        notice.committee = None
    if notice.audience != Notice.Audience.STATION:
        notice.station = None
    if notice.audience == Notice.Audience.SECTOR and notice.sector_id is None:
        raise ValidationError({"sector": _("Choose the sector.")})
    if notice.audience == Notice.Audience.COMMITTEE and notice.committee_id is None:
        raise ValidationError({"committee": _("Choose the special committee.")})
    if notice.audience == Notice.Audience.STATION and notice.station_id is None:
        raise ValidationError({"station": _("Choose the liaison station.")})


@transaction.atomic
def save_notice(
    *, actor, notice: Notice | None = None, data: dict, attachment=None, chosen=None
) -> Notice:
    """Create or edit a draft notice; a published notice's text and audience are fixed."""
    _require_manager(actor)
    if notice is None:
        notice = Notice(created_by=actor)
    else:
        notice = _locked(Notice, notice.pk)
        if not workflow.notice_meta(notice).editable:
            raise ValidationError(_("A published notice can no longer be changed."))
    for name in NOTICE_FIELDS:
        if name in data:
            setattr(notice, name, data[name])
    notice.body = clean_html(notice.body, allowed_images=set())
    _check_audience(notice)
    if notice.reply_by and notice.reply_by < timezone.localdate():
        raise ValidationError({"reply_by": _("The reply date has already passed.")})
    if attachment is not None:
        notice.attachment = attachment
        notice.attachment_name = display_name(attachment.name)
    elif data.get("attachment_clear"):
        notice.attachment, notice.attachment_name = "", ""
    notice.full_clean()
    notice.save()
    if chosen is not None:
        notice.chosen_members.set(chosen)
    if notice.audience == Notice.Audience.CHOSEN and not notice.chosen_members.exists():
        raise ValidationError({"chosen_members": _("Choose at least one member.")})
    return notice


@transaction.atomic
def publish_notice(*, actor, notice: Notice) -> Notice:
    """Fix the recipients (one query), tell each of them, and track the receipt if one is due."""
    _require_manager(actor)
    locked = _locked(Notice, notice.pk)
    if not workflow.NOTICES.can(locked, "publish"):
        raise ValidationError(_("This notice has already been published."))
    if locked.reply_by and locked.reply_by < timezone.localdate():
        raise ValidationError(_("The reply date has already passed."))
    pairs = audience_pairs(locked)
    if not pairs:
        raise ValidationError(_("Nobody with an account is in this audience."))
    locked.status = Notice.Status.PUBLISHED
    locked.published_at = timezone.now()
    locked.published_by = actor
    locked.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    NoticeRecipient.objects.bulk_create(
        [NoticeRecipient(notice=locked, member_id=m, user_id=u) for m, u in pairs],
        batch_size=1000,
    )
    users = list(get_user_model().objects.filter(pk__in=[u for _m, u in pairs]))
    url = reverse("news:notice", args=[locked.pk])
    if locked.reply_by:
        body = _("Please reply by %(date)s.") % {"date": locked.reply_by.isoformat()}
    else:
        body = ""
    notify(
        recipients=users,
        kind="news.notice_published",
        title=_("Notice: %(title)s") % {"title": locked.title},
        body=body,
        target=locked,
        url=url,
    )
    if locked.reply_by:
        open_deadline(
            target=locked,
            duty=RECEIPT_DUTY,
            due_on=locked.reply_by,
            responsible=users,
            title=_("Receipt: %(title)s") % {"title": locked.title},
            url=url,
        )
    return locked


@transaction.atomic
def mark_notice_read(*, user, notice: Notice) -> bool:
    """The first opening by a recipient stamps read_at; others leave no mark."""
    return bool(
        NoticeRecipient.objects.filter(notice=notice, user=user, read_at__isnull=True).update(
            read_at=timezone.now()
        )
    )


@transaction.atomic
def confirm_notice(*, user, notice: Notice) -> NoticeRecipient:
    """The member's receipt (回执); confirming twice is harmless, late is allowed and visible."""
    notice = Notice.objects.get(pk=notice.pk)
    if not workflow.notice_meta(notice).trackable or not notice.reply_by:
        raise ValidationError(_("This notice does not ask for a reply."))
    row = (
        NoticeRecipient.objects.select_for_update()
        .filter(notice=notice, user=user)
        .select_related("notice")
        .first()
    )
    if row is None:
        raise PermissionDenied(_("This notice was not sent to you."))
    if row.confirmed_at is None:
        now = timezone.now()
        row.confirmed_at = now
        row.read_at = row.read_at or now
        row.save(update_fields=["confirmed_at", "read_at"])
        from cppcc_portal.notifications.models import Deadline

        for deadline in Deadline.objects.filter(
            target_type__app_label="news",
            target_type__model="notice",
            target_id=notice.pk,
            duty=RECEIPT_DUTY,
            state__in=[Deadline.State.OPEN, Deadline.State.OVERDUE],
        ):
            deadline.responsible.remove(user)  # reminders go only to those still to reply
        if not NoticeRecipient.objects.filter(notice=notice, confirmed_at__isnull=True).exists():
            close_deadline(target=notice, duty=RECEIPT_DUTY)
    return row


@transaction.atomic
def remind_notice(*, actor, notice: Notice) -> int:
    """Remind those still to act: unconfirmed if a reply is asked for, else unread."""
    _require_manager(actor)
    locked = _locked(Notice, notice.pk)
    if not workflow.notice_meta(locked).trackable:
        raise ValidationError(_("Only a published notice can be reminded."))
    now = timezone.now()
    if locked.last_reminded_at and now - locked.last_reminded_at < REMIND_INTERVAL:
        raise ValidationError(_("A reminder was just sent; wait a few minutes before the next."))
    outstanding = NoticeRecipient.objects.filter(notice=locked)
    if locked.reply_by:
        outstanding = outstanding.filter(confirmed_at__isnull=True)
    else:
        outstanding = outstanding.filter(read_at__isnull=True)
    user_ids = list(outstanding.values_list("user_id", flat=True))
    if not user_ids:
        raise ValidationError(_("Everyone has already responded; nobody to remind."))
    outstanding.update(reminded_at=now)
    locked.last_reminded_at = now
    locked.save(update_fields=["last_reminded_at", "updated_at"])
    if locked.reply_by:
        body = _("Please confirm by %(date)s.") % {"date": locked.reply_by.isoformat()}
    else:
        body = _("Please read it.")
    notify(
        recipients=get_user_model().objects.filter(pk__in=user_ids),
        kind="news.notice_reminder",
        title=_("Reminder: %(title)s") % {"title": locked.title},
        body=body,
        target=locked,
        url=reverse("news:notice", args=[locked.pk]),
    )
    return len(user_ids)
