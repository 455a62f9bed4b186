"""The news state tables: an article's computed state has one definition, in Python and as a
query, and the flags the pages ask follow it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from news.models import Article, Notice
from news.workflow import ARTICLES, NOTICES, ArticleState, article_state_q

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_the_computed_state_and_its_query_agree():
    now = timezone.now()
    made = {
        ArticleState.DRAFT: ArticleFactory(status=Article.Status.DRAFT, publish_at=None),
        ArticleState.SCHEDULED: ArticleFactory(publish_at=now + timedelta(hours=1)),
        ArticleState.PUBLISHED: ArticleFactory(publish_at=now - timedelta(hours=1)),
    }
    for state, article in made.items():
        assert article.state == state
        assert list(Article.objects.filter(article_state_q(state))) == [article]
    assert Article.objects.filter(article_state_q("nonsense")).count() == 3


def test_what_each_article_state_allows():
    draft, scheduled, published = (ARTICLES.meta(s) for s in ArticleState.values)
    assert draft.can_publish and not draft.can_unpublish and not draft.readers_see
    assert scheduled.scheduled and scheduled.can_publish and scheduled.can_unpublish
    assert published.readers_see and not published.can_publish and published.can_unpublish
    assert ARTICLES.actions_from(ArticleState.SCHEDULED) == ["publish", "unpublish"]


def test_what_each_notice_state_allows():
    draft, published = NOTICES.meta(Notice.Status.DRAFT), NOTICES.meta(Notice.Status.PUBLISHED)
    assert draft.editable and not draft.trackable
    assert published.trackable and not published.editable
    assert NOTICES.can(Notice.Status.DRAFT, "publish")
    assert not NOTICES.can(Notice.Status.PUBLISHED, "publish")
