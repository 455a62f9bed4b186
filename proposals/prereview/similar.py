"""Similar proposals of this session and the last one, with what their units replied — so the
member sees whether the matter was raised already and what the answer was (pg_trgm, answered
from the title's GIN trigram index). Only released replies that may be made public are shown."""

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection, transaction
from django.db.models import Prefetch
from django.utils import timezone

from members.models import Session

from .. import workflow
from ..models import Proposal, Reply

S = Proposal.Status
THRESHOLD = 0.2


def sessions_around(session) -> list:
    """This session and the one before it (by year and number)."""
    session = session or Session.for_date(timezone.localdate()) or Session.objects.first()
    if session is None:
        return []
    before = (
        Session.objects.filter(year__lte=session.year)
        .exclude(pk=session.pk)
        .exclude(year=session.year, number__gt=session.number)
        .order_by("-year", "-number")
        .first()
    )
    return [s for s in (session, before) if s is not None]


def similar_with_replies(*, text: str, session=None, exclude_pk=None, limit=5) -> list:
    text = (text or "").strip()[:200]
    sessions = sessions_around(session)
    if len(text) < 4 or not sessions:
        return []
    replies = Reply.objects.filter(
        status__in=workflow.RELEASED_REPLY_STATES, is_public=True
    ).select_related("unit")
    qs = (
        Proposal.objects.filter(session__in=sessions, title__trigram_similar=text)
        .exclude(status__in=[S.DRAFT, S.WITHDRAWN])
        .annotate(similarity=TrigramSimilarity("title", text))
        .select_related("session")
        .prefetch_related(Prefetch("replies", queryset=replies, to_attr="public_replies"))
        .order_by("-similarity", "-id")
    )
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL pg_trgm.similarity_threshold = %s", [THRESHOLD])
        return list(qs[:limit])
