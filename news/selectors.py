"""Every read of the news part, narrowed to what the user may see.

Articles: anyone sees live public ones; members, leaders and staff also live
members-only ones; staff also drafts and scheduled ones (to preview them).
Notices: staff see all, leaders every published one, a member only those that
addressed them (a NoticeRecipient row); nobody else sees any.
"""

from django.db.models import CharField, Count, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from cppcc_portal.accounts.roles import STAFF_ROLES, Role, has_role

from .models import Article, ArticleImage, ArticleRead, Category, Notice, NoticeRecipient
from .workflow import article_state_q


def can_manage(user) -> bool:
    """Write, preview, schedule and publish: any staff role (superusers hold every role)."""
    return has_role(user, *STAFF_ROLES)


def can_oversee(user) -> bool:
    """See every notice and its read/receipt tracking (read-only for leaders)."""
    return has_role(user, *STAFF_ROLES, Role.LEADER)


def reads_members_only(user) -> bool:
    return has_role(user, Role.MEMBER, Role.LEADER, *STAFF_ROLES)


# --- Articles -------------------------------------------------------------------------


def articles_visible_to(user, *, include_unpublished=False):
    qs = Article.objects.select_related("category", "author")
    if include_unpublished and can_manage(user):
        return qs
    qs = qs.live()
    if not reads_members_only(user):
        qs = qs.filter(visibility=Article.Visibility.PUBLIC)
    return qs


def _with_read_mark(qs, user):
    if getattr(user, "is_authenticated", False):
        return qs.annotate(
            is_read=Exists(ArticleRead.objects.filter(article=OuterRef("pk"), user=user))
        )
    return qs


def article_list(user, *, q="", category=None):
    qs = articles_visible_to(user)
    if q:
        qs = qs.filter(title__icontains=q)
    if category:
        qs = qs.filter(category_id=category)
    return _with_read_mark(qs, user).order_by("-publish_at", "-id")


def article_manage_list(user, *, q="", category=None, state=None):
    qs = articles_visible_to(user, include_unpublished=True)
    if q:
        qs = qs.filter(title__icontains=q)
    if category:
        qs = qs.filter(category_id=category)
    if state:
        qs = qs.filter(article_state_q(state))
    return qs.order_by("-updated_at", "-id")


def article_detail(user, pk):
    """Raises Article.DoesNotExist for anything the user may not read (a 404)."""
    return articles_visible_to(user, include_unpublished=True).get(pk=pk)


def image_for(user, pk):
    """An article image, if the user may read its article (staff: any)."""
    image = ArticleImage.objects.select_related("article").get(pk=pk)
    if not articles_visible_to(user, include_unpublished=True).filter(pk=image.article_id).exists():
        raise ArticleImage.DoesNotExist
    return image


def categories():
    return Category.objects.filter(is_active=True)


# --- Notices --------------------------------------------------------------------------


def notices_visible_to(user):
    qs = Notice.objects.select_related("sector", "committee", "station")
    if can_manage(user):
        return qs
    if has_role(user, Role.LEADER):
        return qs.filter(status=Notice.Status.PUBLISHED)
    if has_role(user, Role.MEMBER):
        return qs.filter(
            status=Notice.Status.PUBLISHED,
            pk__in=NoticeRecipient.objects.filter(user=user).values("notice_id"),
        )
    return qs.none()


def _with_my_marks(qs, user):
    mine = NoticeRecipient.objects.filter(notice=OuterRef("pk"), user=user)
    return qs.annotate(
        addressed=Exists(mine),
        unread=Exists(mine.filter(read_at__isnull=True)),
        unconfirmed=Exists(mine.filter(confirmed_at__isnull=True)),
    )


def notice_list(user, *, q="", pending=False):
    """The reading list: published notices the user may read, with their own marks."""
    qs = notices_visible_to(user).filter(status=Notice.Status.PUBLISHED)
    if q:
        qs = qs.filter(title__icontains=q)
    qs = _with_my_marks(qs, user)
    if pending:
        qs = qs.filter(Q(unread=True) | Q(unconfirmed=True, reply_by__isnull=False))
    return qs.order_by("-published_at", "-id")


def notice_manage_list(user, *, q="", status=None):
    qs = notices_visible_to(user) if can_oversee(user) else Notice.objects.none()
    if q:
        qs = qs.filter(title__icontains=q)
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(
        n_recipients=Count("recipients"),
        n_read=Count("recipients", filter=Q(recipients__read_at__isnull=False)),
        n_confirmed=Count("recipients", filter=Q(recipients__confirmed_at__isnull=False)),
    ).order_by("-created_at", "-id")


def notice_detail(user, pk, *, include_drafts=False):
    qs = notices_visible_to(user)
    if not include_drafts:
        qs = qs.filter(status=Notice.Status.PUBLISHED)
    return qs.get(pk=pk)


def my_receipt(user, notice):
    if not getattr(user, "is_authenticated", False):
        return None
    return NoticeRecipient.objects.filter(notice=notice, user=user).first()


def notice_tracking(notice, *, show=None):
    """Everyone a notice went to with their marks, and the x-of-N figures."""
    rows = NoticeRecipient.objects.filter(notice=notice).select_related("member__sector", "user")
    counts = rows.aggregate(
        total=Count("id"),
        read=Count("id", filter=Q(read_at__isnull=False)),
        confirmed=Count("id", filter=Q(confirmed_at__isnull=False)),
    )
    if show == "unread":
        rows = rows.filter(read_at__isnull=True)
    elif show == "unconfirmed":
        rows = rows.filter(confirmed_at__isnull=True)
    elif show == "confirmed":
        rows = rows.filter(confirmed_at__isnull=False)
    return rows.order_by("member__number"), counts


def may_download_attachment(user, notice) -> bool:
    if can_oversee(user):
        return True
    return (
        notice.state_meta.trackable
        and NoticeRecipient.objects.filter(notice=notice, user=user).exists()
    )


# --- The home feed --------------------------------------------------------------------


def _feed_columns(qs, *, kind, at, category, is_unread, needs_reply, unread_total):
    """The same columns, in the same order, for both halves of the feed's UNION."""
    return qs.values(
        kind=Value(kind, output_field=CharField()),
        item_id=F("pk"),
        item_title=F("title"),
        at=F(at),
        category_name=category,
        is_unread=is_unread,
        needs_reply=needs_reply,
        unread_total=unread_total,
    )


def feed(user, *, notices=5, articles=5):
    """The newest notices for the user and the newest articles, with unread marks, in ONE
    query (the home page hosts every part, so each part keeps its share small). The user's
    unread-notice total rides along on every row (and is cached for the menu badge)."""
    articles_part = _feed_columns(
        article_list(user),
        kind="article",
        at="publish_at",
        category=F("category__name"),
        is_unread=~Q(is_read=True) if getattr(user, "is_authenticated", False) else Value(False),
        needs_reply=Value(False),
        unread_total=Value(0),
    )[:articles]
    reads_notices = has_role(user, Role.MEMBER, Role.LEADER, *STAFF_ROLES)
    if reads_notices:
        unread = (
            NoticeRecipient.objects.filter(
                user=user, read_at__isnull=True, notice__status=Notice.Status.PUBLISHED
            )
            .order_by()
            .values("user")
            .annotate(n=Count("pk"))
            .values("n")
        )
        notices_part = _feed_columns(
            notice_list(user),
            kind="notice",
            at="published_at",
            category=Value(""),
            is_unread=F("unread"),
            needs_reply=Q(reply_by__isnull=False, addressed=True, unconfirmed=True),
            unread_total=Coalesce(Subquery(unread), 0),
        )[:notices]
        rows = list(notices_part.union(articles_part, all=True))
    else:
        rows = list(articles_part)
    notice_rows = sorted((r for r in rows if r["kind"] == "notice"), key=lambda r: r["at"])
    article_rows = sorted((r for r in rows if r["kind"] == "article"), key=lambda r: r["at"])
    if reads_notices:
        # every notice the user was sent is in their list: no notice rows means none unread
        user._news_unread = notice_rows[0]["unread_total"] if notice_rows else 0
    return {
        "notices": notice_rows[::-1],
        "articles": article_rows[::-1],
        "unread_notices": unread_notice_count(user) if reads_notices else 0,
    }


def unread_notice_count(user) -> int:
    """Notices addressed to the user and not opened yet; cached on the user for the request
    (the navigation badge and the home feed ask for it several times per page)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    cached = getattr(user, "_news_unread", None)
    if cached is None:
        cached = NoticeRecipient.objects.filter(
            user=user, read_at__isnull=True, notice__status=Notice.Status.PUBLISHED
        ).count()
        user._news_unread = cached
    return cached
