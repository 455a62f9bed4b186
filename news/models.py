"""Work news (工作动态) and notices (通知公告).

Articles are rich text sanitised with nh3; notices go to an audience that is
resolved once, at publish time, into NoticeRecipient rows (the snapshot that
read and receipt marks hang on).
"""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cppcc_portal.core.uploads import upload_to


class Category(models.Model):
    """栏目: an editable catalogue (会议, 协商, 视察调研, 联络站, 委员风采 …)."""

    name = models.CharField(_("name"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")

    def __str__(self):
        return self.name


class ArticleQuerySet(models.QuerySet):
    def live(self, now=None):
        """Published and due: a scheduled article appears by itself when its time comes."""
        return self.filter(status=Article.Status.PUBLISHED, publish_at__lte=now or timezone.now())


class Article(models.Model):
    """工作动态. `status` + `publish_at` give draft / scheduled / published (workflow.py)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members only")

    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(pgettext_lazy("news", "summary"), max_length=300, blank=True)
    body = models.TextField(_("body"), blank=True, help_text=_("Sanitised HTML."))
    cover = models.FileField(_("cover image"), upload_to=upload_to, blank=True)
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=pgettext_lazy("news", "category"),
    )
    visibility = models.CharField(
        _("who may read"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(_("publish time"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    byline = models.CharField(
        _("byline"), max_length=60, blank=True, help_text=_("e.g. 区政协办公室; empty: the author")
    )
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(publish_at__isnull=False),
                name="published_article_has_time",
            )
        ]
        indexes = [
            models.Index(fields=["status", "visibility", "-publish_at"], name="article_live"),
            models.Index(fields=["category", "-publish_at"], name="article_category"),
            GinIndex(fields=["title"], name="article_title_trgm", opclasses=["gin_trgm_ops"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:public_article", args=[self.pk])

    @property
    def state(self):
        """draft, scheduled or published (news.workflow: scheduled is computed)."""
        from .workflow import article_state

        return article_state(self)

    @property
    def state_meta(self):
        from .workflow import ARTICLES

        return ARTICLES.meta(self)

    @property
    def state_label(self):
        from .workflow import ARTICLES

        return ARTICLES.label(self)

    @property
    def body_html(self):
        """Cleaned again on the way out: whatever path wrote the row, readers get the safe subset."""
        from django.utils.safestring import mark_safe

        from .sanitize import clean_html

        return mark_safe(clean_html(self.body))  # noqa: S308 - sanitised just above

    @property
    def author_display(self):
        if self.byline:
            return self.byline
        return (self.author.get_full_name() or self.author.username) if self.author else ""


class ArticleImage(models.Model):
    """A picture in an article's body, referenced as /news/images/<pk>/ and served only to
    those who may read the article."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="images")
    image = models.FileField(_("image"), upload_to=upload_to)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("article image")
        verbose_name_plural = _("article images")

    def __str__(self):
        return self.original_name or self.image.name

    def get_absolute_url(self):
        return reverse("news:public_image", args=[self.pk])


class ArticleRead(models.Model):
    """Who has opened an article: the unread mark in a member's feed."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("article read")
        verbose_name_plural = _("article reads")
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="article_read_once")
        ]
        indexes = [models.Index(fields=["user", "article"], name="article_read_user")]

    def __str__(self):
        return f"{self.article_id} · {self.user_id}"


class Notice(models.Model):
    """通知公告 to an audience; once published its recipients are fixed (NoticeRecipient)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class Audience(models.TextChoices):
        ALL = "all", _("All sitting members")
        SECTOR = "sector", _("A sector")
        COMMITTEE = "committee", _("A special committee")
        STATION = "station", _("A liaison station")
        CHOSEN = "chosen", _("Chosen members")

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    audience = models.CharField(
        _("send to"), max_length=10, choices=Audience.choices, default=Audience.ALL
    )
    sector = models.ForeignKey(
        "members.Sector",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sector"),
    )
    committee = models.ForeignKey(
        "members.SpecialCommittee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("special committee"),
    )
    station = models.ForeignKey(
        "stations.Station",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("liaison station"),
        help_text=_("Members with an open assignment to the station when the notice is published."),
    )
    chosen_members = models.ManyToManyField(
        "members.Member", blank=True, related_name="+", verbose_name=_("chosen members")
    )
    attachment = models.FileField(_("attachment"), upload_to=upload_to, blank=True)
    attachment_name = models.CharField(_("attachment name"), max_length=200, blank=True)
    reply_by = models.DateField(
        _("reply required by"),
        null=True,
        blank=True,
        help_text=_("Members confirm (回执) by this date; empty: no reply needed."),
    )
    receipt_label = models.CharField(
        _("what members confirm"),
        max_length=60,
        blank=True,
        help_text=_("e.g. 确认参会; empty: “I have read and confirm”."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    last_reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="published_notice_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(audience="sector") | Q(sector__isnull=False),
                name="sector_notice_has_sector",
            ),
            models.CheckConstraint(
                condition=~Q(audience="committee") | Q(committee__isnull=False),
                name="committee_notice_has_committee",
            ),
            models.CheckConstraint(
                condition=~Q(audience="station") | Q(station__isnull=False),
                name="station_notice_has_station",
            ),
        ]
        indexes = [models.Index(fields=["status", "-published_at"], name="notice_published")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:notice", args=[self.pk])

    @property
    def state_meta(self):
        """What its state allows (news.workflow)."""
        from .workflow import NOTICES

        return NOTICES.meta(self)

    @property
    def body_html(self):
        """The text as the editor wrote it, through the same allowlist as articles (no
        pictures: a notice's files go in its attachment); plain text keeps its paragraphs."""
        from django.utils.safestring import mark_safe

        from .sanitize import clean_html

        return mark_safe(clean_html(self.body, allowed_images=set()))  # noqa: S308 - sanitised

    @property
    def body_text(self):
        """The text without markup (the API's notices stay plain text)."""
        from .sanitize import as_text, clean_html

        return as_text(clean_html(self.body, allowed_images=set()))

    @property
    def needs_reply(self):
        return self.reply_by is not None

    @property
    def audience_display(self):
        target = {
            self.Audience.SECTOR: self.sector,
            self.Audience.COMMITTEE: self.committee,
            self.Audience.STATION: self.station,
        }.get(self.audience)
        label = self.get_audience_display()
        return f"{label}：{target}" if target is not None else label


class NoticeRecipient(models.Model):
    """One member addressed by a published notice, with their read and receipt marks."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="recipients")
    member = models.ForeignKey(
        "members.Member", on_delete=models.CASCADE, related_name="+", verbose_name=_("member")
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("notice recipient")
        verbose_name_plural = _("notice recipients")
        constraints = [
            models.UniqueConstraint(fields=["notice", "member"], name="notice_recipient_once")
        ]
        indexes = [models.Index(fields=["user", "notice"], name="notice_recipient_user")]

    def __str__(self):
        return f"{self.notice} · {self.member}"
