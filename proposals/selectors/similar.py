"""Proposals resembling a title (pg_trgm, answered from the GIN trigram index): while a member
writes, and the merge candidates staff are offered."""

import re

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection, transaction

from .. import workflow
from ..models import Proposal

S = Proposal.Status


SIMILARITY_THRESHOLD = 0.15
# The framing every title shares (关于…工作的建议) says nothing of the matter; left in the looked-up
# text it made every proposal of the term a candidate (scale 10: ~3,300 rows re-checked by a
# sequential scan, 103 ms) — without it the index answers (~500 rows, 4.5 ms).
FRAMING = re.compile(r"^关于|(?:工作)?的?(?:建议|提案|意见)$|我区|进一步")


def matter(text: str) -> str:
    """The title without its framing (the whole title if little else is left)."""
    core = FRAMING.sub("", text).strip()
    return core if len(core) >= 2 else text


def similar_queryset(text: str, term_id=None):
    """The lookup itself: the `%` operator (at SIMILARITY_THRESHOLD, set by the caller with
    SET LOCAL) over the proposals of one term's sessions, so the GIN trigram index answers
    it at the threshold it runs with."""
    qs = Proposal.objects.exclude(status__in=[S.DRAFT, S.WITHDRAWN]).filter(
        title__trigram_similar=text
    )
    if term_id is not None:
        qs = qs.filter(session__term_id=term_id)
    return qs


def similar_proposals(user, text: str, *, exclude_pk=None, limit=5):
    """Up to five registered-or-submitted proposals of the current term whose title
    resembles `text` (pg_trgm `%` operator, answered from the GIN trigram index)."""
    from members.models import Term

    text = (text or "").strip()[:200]
    if len(text) < 2:
        return []
    text = matter(text)
    term = Term.current()
    qs = (
        similar_queryset(text, term.pk if term else None)
        .annotate(similarity=TrigramSimilarity("title", text))
        .select_related("session")
        .order_by("-similarity")
    )
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL pg_trgm.similarity_threshold = %s", [SIMILARITY_THRESHOLD])
        return list(qs[:limit])


def merge_candidates(proposal, limit=5):
    """Registered, still-open proposals of the session resembling this one."""
    qs = (
        Proposal.objects.filter(
            session_id=proposal.session_id,
            status__in=workflow.REGISTERED_STATES - {S.CLOSED},
            title__trigram_similar=proposal.title,
        )
        .exclude(pk=proposal.pk)
        .annotate(similarity=TrigramSimilarity("title", proposal.title))
        .order_by("-similarity")
    )
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL pg_trgm.similarity_threshold = %s", [SIMILARITY_THRESHOLD])
        return list(qs[:limit])
