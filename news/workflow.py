"""The state tables of articles and notices on the workflow kernel: their states, their
transitions and what each state allows, so views and templates ask here instead of testing
`status == …` themselves.

An article is stored as draft or published; a published article whose publish time is still
ahead is *scheduled* and nobody but staff sees it until then (the reading queries filter on
the time, so no task has to flip it). Its machine therefore reads the computed
`Article.state`, not the stored status.
"""

from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.workflow import StateMachine, StateMeta
from cppcc_portal.core.workflow.machine import transition as _t

from .models import Article, Notice


class ArticleState(models.TextChoices):
    """What readers and staff see; stored as Article.Status + publish_at."""

    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")


DRAFT, SCHEDULED, PUBLISHED = ArticleState.DRAFT, ArticleState.SCHEDULED, ArticleState.PUBLISHED


@dataclass(frozen=True)
class ArticleMeta(StateMeta):
    readers_see: bool = False  # in the reading lists and pages; opening it marks it read
    can_publish: bool = False  # publish now or schedule
    can_unpublish: bool = False  # back to draft
    scheduled: bool = False  # published with a time still ahead: the time is shown


ARTICLES = StateMachine(
    field="state",  # Article.state: computed from status and publish_at
    states=ArticleState,
    transitions={
        "publish": _t({DRAFT, SCHEDULED}, PUBLISHED, _("Publish")),
        "unpublish": _t({SCHEDULED, PUBLISHED}, DRAFT, _("Back to draft")),
    },
    meta_table={
        DRAFT: ArticleMeta(can_publish=True),
        SCHEDULED: ArticleMeta(can_publish=True, can_unpublish=True, scheduled=True, badge="info"),
        PUBLISHED: ArticleMeta(readers_see=True, can_unpublish=True, badge="success"),
    },
)


@dataclass(frozen=True)
class NoticeMeta(StateMeta):
    editable: bool = False  # text and audience may change; it may be published
    trackable: bool = False  # sent: recipients fixed, reads and replies tracked, reminders


NOTICES = StateMachine(
    field="status",
    states=Notice.Status,
    transitions={"publish": _t({Notice.Status.DRAFT}, Notice.Status.PUBLISHED, _("Publish"))},
    meta_table={
        Notice.Status.DRAFT: NoticeMeta(editable=True),
        Notice.Status.PUBLISHED: NoticeMeta(trackable=True, badge="success"),
    },
)


def article_state(article, now=None) -> str:
    """The one definition of an article's state (see article_state_q for the query)."""
    if article.status != Article.Status.PUBLISHED or article.publish_at is None:
        return DRAFT
    return SCHEDULED if article.publish_at > (now or timezone.now()) else PUBLISHED


def article_state_q(state, now=None) -> Q:
    """The articles in `state`, as a query: article_state for a queryset (an unknown state
    filters nothing)."""
    now = now or timezone.now()
    return {
        DRAFT: Q(status=Article.Status.DRAFT),
        SCHEDULED: Q(status=Article.Status.PUBLISHED, publish_at__gt=now),
        PUBLISHED: Q(status=Article.Status.PUBLISHED, publish_at__lte=now),
    }.get(state, Q())


article_meta = ARTICLES.meta  # article_meta(article) or article_meta("scheduled")
notice_meta = NOTICES.meta
