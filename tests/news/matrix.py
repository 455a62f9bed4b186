"""Permission matrix declarations for work news and notices."""

from datetime import timedelta

from django.utils import timezone

from news import services
from news.models import Article, Notice
from tests.matrix.registry import ANONYMOUS, EVERY_ROLE, STAFF, Case

from .factories import ArticleFactory, pdf_upload, png_upload

READERS = STAFF | {"member", "leader"}  # members-only articles
OVERSEERS = STAFF | {"leader"}

EXPECT = {
    "news:public": EVERY_ROLE,
    "news:notices": EVERY_ROLE,
    "news:article_manage": STAFF,
    "news:article_new": STAFF,
    "news:notice_manage": OVERSEERS,
    "news:notice_new": STAFF,
}


def _articles(users):
    staff = users["liaison_staff"]
    made = {}
    for key, kwargs in {
        "public": {},
        "members": {"visibility": Article.Visibility.MEMBERS},
        "draft": {"status": Article.Status.DRAFT, "publish_at": None},
        "scheduled": {"publish_at": timezone.now() + timedelta(days=1)},
    }.items():
        article = ArticleFactory(title=f"矩阵动态 {key}", cover=png_upload(), **kwargs)
        services.add_article_image(actor=staff, article=article, upload=png_upload())
        made[key] = article
    return made


ADMITTED = {
    "public": EVERY_ROLE | {ANONYMOUS},
    "members": READERS,
    "draft": STAFF,
    "scheduled": STAFF,
}


def _reading(kind):
    def provide(users):
        cases = []
        for key, article in _articles(users).items():
            if kind == "image":
                kwargs = {"pk": article.images.get().pk}
            else:
                kwargs = {"pk": article.pk}
            cases.append(Case(kwargs, ADMITTED[key], key))
        return cases

    return provide


def _draft_article(method, ok=frozenset({200})):
    def provide(users):
        article = ArticleFactory(status=Article.Status.DRAFT, publish_at=None)
        return [Case({"pk": article.pk}, STAFF, "draft", method=method, ok=set(ok))]

    return provide


def _notices(users):
    """One notice addressed to the role_users member (chosen), one to nobody they know."""
    staff = users["liaison_staff"]
    mine = services.save_notice(
        actor=staff,
        data={
            "title": "矩阵通知",
            "body": "b",
            "audience": Notice.Audience.CHOSEN,
            "reply_by": timezone.localdate() + timedelta(days=3),
        },
        chosen=[users["member"].member],
        attachment=pdf_upload(),
    )
    mine = services.publish_notice(actor=staff, notice=mine)
    draft = services.save_notice(
        actor=staff, data={"title": "矩阵草稿", "body": "b"}, attachment=pdf_upload()
    )
    return mine, draft


def _notice_reading(users):
    mine, draft = _notices(users)
    return [
        Case({"pk": mine.pk}, OVERSEERS | {"member"}, "addressed to the member"),
        Case({"pk": draft.pk}, set(), "a draft (staff use the tracking page)"),
    ]


def _notice_attachment(users):
    mine, draft = _notices(users)
    return [
        Case({"pk": mine.pk}, OVERSEERS | {"member"}, "addressed to the member"),
        Case({"pk": draft.pk}, STAFF, "a draft"),
    ]


def _notice_confirm(users):
    mine, _draft = _notices(users)
    return [Case({"pk": mine.pk}, {"member"}, "addressed", method="post", ok={302})]


def _notice_track(users):
    mine, draft = _notices(users)
    return [
        Case({"pk": mine.pk}, OVERSEERS, "published"),
        Case({"pk": draft.pk}, STAFF, "draft"),
    ]


def _notice_edit(users):
    _mine, draft = _notices(users)
    return [Case({"pk": draft.pk}, STAFF, "draft")]


def _notice_action(users):
    mine, _draft = _notices(users)
    return [Case({"pk": mine.pk}, STAFF, "published", method="post", ok={302})]


def _notice_publish(users):
    _mine, draft = _notices(users)
    return [Case({"pk": draft.pk}, STAFF, "draft", method="post", ok={302})]


PROVIDERS = {
    "news:public_article": _reading("article"),
    "news:public_cover": _reading("cover"),
    "news:public_image": _reading("image"),
    "news:article_edit": _draft_article("get"),
    "news:image_upload": _draft_article("post", {302}),
    "news:article_publish": _draft_article("post", {302}),
    "news:article_unpublish": _draft_article("post", {302}),
    "news:notice": _notice_reading,
    "news:notice_attachment": _notice_attachment,
    "news:notice_confirm": _notice_confirm,
    "news:notice_track": _notice_track,
    "news:notice_edit": _notice_edit,
    "news:notice_publish": _notice_publish,
    "news:notice_remind": _notice_action,
}
