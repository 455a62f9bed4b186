"""What the search box finds in the news and notices: published articles, and the notices the
user may see (selectors.notices_visible_to), by title or text."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.search import Source

POSITION = 60


def _notices(user):
    from .selectors import notices_visible_to

    return notices_visible_to(user)


def _articles(user):
    from .selectors import articles_visible_to

    return articles_visible_to(user).select_related("category")


SOURCES = [
    Source(
        "notices",
        _("Notices"),
        _notices,
        "title",
        fields=("body",),
        order=("-published_at",),
        url=lambda n: reverse("news:notice", args=[n.pk]),
        meta=lambda n: (
            n.published_at.date().isoformat() if n.published_at else n.get_status_display()
        ),
        snippet_field="body",
    ),
    Source(
        "news",
        _("Work news"),
        _articles,
        "title",
        fields=("body",),
        order=("-publish_at",),
        url=lambda a: reverse("news:public_article", args=[a.pk]),
        meta=lambda a: " · ".join(
            part
            for part in (
                a.category.name if a.category_id else "",
                a.publish_at.date().isoformat() if a.publish_at else "",
            )
            if part
        ),
    ),
]
