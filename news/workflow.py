"""The states of articles and notices, in one place, with what each state allows.

An article is stored as draft or published; a published article whose publish
time is still ahead is *scheduled* and nobody but staff sees it until then (the
reading queries filter on the time, so no task has to flip it).
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DRAFT, SCHEDULED, PUBLISHED = "draft", "scheduled", "published"

ARTICLE_STATE_META = {
    DRAFT: {"label": _("Draft"), "badge": "secondary", "readers_see": False, "can_publish": True},
    SCHEDULED: {
        "label": _("Scheduled"),
        "badge": "info",
        "readers_see": False,
        "can_publish": True,
    },
    PUBLISHED: {
        "label": _("Published"),
        "badge": "success",
        "readers_see": True,
        "can_publish": False,
    },
}
# (transition, from states, to stored status)
ARTICLE_TRANSITIONS = {
    "publish": ({DRAFT, SCHEDULED}, "published"),
    "unpublish": ({SCHEDULED, PUBLISHED}, "draft"),
}

NOTICE_STATE_META = {
    "draft": {"label": _("Draft"), "badge": "secondary", "editable": True, "trackable": False},
    "published": {
        "label": _("Published"),
        "badge": "success",
        "editable": False,
        "trackable": True,
    },
}
NOTICE_TRANSITIONS = {"publish": ({"draft"}, "published")}


def article_state(article, now=None) -> str:
    if article.status != "published" or article.publish_at is None:
        return DRAFT
    return SCHEDULED if article.publish_at > (now or timezone.now()) else PUBLISHED


def article_meta(article):
    return ARTICLE_STATE_META[article_state(article)]
