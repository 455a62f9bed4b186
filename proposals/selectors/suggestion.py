"""Which units to assign, learned from history (issue 22 item 3): the lead unit and co-units
that handled the past proposals most like this one, with those proposals shown as the reason.
It only suggests — staff choose in the assign form; nothing here writes.

Method: jieba segmentation of the titles with TF-IDF weights (.suggestion_model); the ten
past proposals nearest by cosine vote for their units with their similarity. Chosen over
PostgreSQL trigram similarity (pg_trgm on the GIN-indexed title) by measuring both on the demo
term with a time split (learn from sessions 1–4, suggest for session 5; `manage.py
evaluate_suggestion`, docs/SUGGESTION.md): TF-IDF put the right lead unit first 77.6 % of the
time against 68.0 % (top-3 79.5 % against 75.3 %), in ~10 ms a suggestion against ~38 ms —
trigram weighs the framing every title shares (关于…推进…我区…工作的建议) as much as the
matter, TF-IDF gives common words little weight. The cost is a model: rebuilt in Celery
after every assignment (proposals.retrain_suggestion), and until the first build the
trigram lookup answers (also kept here as the measured alternative)."""

from dataclasses import dataclass, field

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection, transaction

from ..models import Assignment, Proposal
from ..rules import is_staff
from . import suggestion_model

EXCLUDED = suggestion_model.EXCLUDED  # one list: the model and the trigram lookup learn alike
NEIGHBOURS = 10  # past proposals that vote
THRESHOLD = 0.2  # pg_trgm.similarity_threshold for the `%` lookup (the index answers it)


@dataclass
class Suggestion:
    leads: list = field(default_factory=list)  # [(unit, score)] best first
    co_units: list = field(default_factory=list)  # [(unit, score)]
    sources: list = field(default_factory=list)  # [(proposal, similarity, lead, co-units)]

    @property
    def lead(self):
        return self.leads[0][0] if self.leads else None

    def __bool__(self):
        return bool(self.leads)


def neighbours_trigram(text, *, exclude_pk=None, before_year=None, limit=NEIGHBOURS):
    """[(proposal, similarity)] of the past proposals with units, most similar first."""
    qs = (
        Proposal.objects.exclude(status__in=EXCLUDED)
        .filter(title__trigram_similar=text, assigned_at__isnull=False)
        .annotate(similarity=TrigramSimilarity("title", text))
        .select_related("session")
        .order_by("-similarity", "-assigned_at")
    )
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if before_year is not None:
        qs = qs.filter(session__year__lt=before_year)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL pg_trgm.similarity_threshold = %s", [THRESHOLD])
        return [(p, p.similarity) for p in qs[:limit]]


def vote(neighbours) -> Suggestion:
    """Each neighbour's units (released assignments are mistakes undone: they do not count),
    weighted by its similarity; one query for all neighbours."""
    rows = (
        Assignment.objects.filter(proposal__in=[p.pk for p, _s in neighbours])
        .exclude(state=Assignment.State.RELEASED)
        .select_related("unit")
        .order_by("pk")
    )
    by_proposal = {}
    for a in rows:
        by_proposal.setdefault(a.proposal_id, []).append(a)
    leads, cos, units, sources = {}, {}, {}, []
    for p, sim in neighbours:
        mine = by_proposal.get(p.pk, [])
        lead = next((a.unit for a in mine if a.role == Assignment.Role.LEAD), None)
        co = [a.unit for a in mine if a.role != Assignment.Role.LEAD]
        if lead is None:
            continue
        units[lead.pk] = lead
        leads[lead.pk] = leads.get(lead.pk, 0) + sim
        for u in co:
            units[u.pk] = u
            cos[u.pk] = cos.get(u.pk, 0) + sim
        sources.append((p, sim, lead, co))
    ranked = sorted(leads.items(), key=lambda kv: -kv[1])
    top = ranked[0][0] if ranked else None
    total = sum(leads.values()) or 1
    co_ranked = [
        (units[pk], score / total)
        for pk, score in sorted(cos.items(), key=lambda kv: -kv[1])
        if pk != top and score / total >= 0.25
    ]
    return Suggestion(
        leads=[(units[pk], score / total) for pk, score in ranked[:3]],
        co_units=co_ranked[:3],
        sources=sources,
    )


def neighbours_tfidf(model, text, *, exclude_pk=None, limit=NEIGHBOURS):
    """[(proposal, cosine)] from the model, re-read so that a proposal withdrawn or merged
    since the last build does not count."""
    ranked = suggestion_model.nearest(model, text, exclude_pk=exclude_pk, limit=limit)
    found = Proposal.objects.exclude(status__in=EXCLUDED).select_related("session")
    found = found.in_bulk([pk for pk, _sim in ranked])
    return [(found[pk], sim) for pk, sim in ranked if pk in found]


def suggest_units(user, proposal) -> Suggestion | None:
    """For proposal staff only (None for anyone else): the suggestion for this proposal."""
    if not is_staff(user):
        return None
    text = (proposal.title or "").strip()[:200]
    if len(text) < 2:
        return Suggestion()
    model = suggestion_model.current()
    if model is None:  # not built yet: the trigram lookup, and a build for next time
        from ..tasks import request_retrain

        request_retrain()
        return vote(neighbours_trigram(text, exclude_pk=proposal.pk))
    return vote(neighbours_tfidf(model, text, exclude_pk=proposal.pk))
