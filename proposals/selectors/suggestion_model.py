"""The model behind the unit suggestion: jieba words of the past proposals' titles weighted
by TF-IDF, as an inverted index (word → [(proposal id, weight)]) so a suggestion touches only
the proposals that share a word with the title. Built from every assigned proposal by the
Celery task `proposals.retrain_suggestion` after each assignment; kept in the cache (no
expiry) with a version each process checks, so a worker loads a new model once."""

import math
import uuid
from collections import Counter, defaultdict

from django.core.cache import cache

from ..models import Proposal

MODEL_KEY, VERSION_KEY = "proposals:suggestion:model", "proposals:suggestion:version"
# the framing every title shares (关于…的建议) and fillers: no information about the matter
STOP = {"关于", "的", "建议", "我区", "工作", "进一步", "做好"}
S = Proposal.Status
# proposals that never reached a unit, or left the flow: they teach nothing about assignment
EXCLUDED = [S.DRAFT, S.SUBMITTED, S.RETURNED, S.WITHDRAWN, S.NOT_REGISTERED, S.MERGED]
_memo = {"version": None, "model": None}


def words(text: str) -> list[str]:
    import jieba

    jieba.setLogLevel(60)
    return [w for w in jieba.lcut(text or "") if w.strip() and w not in STOP]


def _unit(tf: Counter, idf: dict) -> dict:
    v = {w: c * idf.get(w, 0.0) for w, c in tf.items()}
    norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
    return {w: x / norm for w, x in v.items() if x}


def build(*, before_year=None) -> dict:
    """The model of the proposals assigned so far (or of the sessions before a year)."""
    qs = Proposal.objects.exclude(status__in=EXCLUDED).filter(assigned_at__isnull=False)
    if before_year is not None:
        qs = qs.filter(session__year__lt=before_year)
    docs = [(pk, Counter(words(title))) for pk, title in qs.values_list("pk", "title")]
    df = Counter(w for _pk, tf in docs for w in tf)
    n = len(docs)
    idf = {w: math.log((1 + n) / (1 + c)) + 1 for w, c in df.items()}
    postings = defaultdict(list)
    for pk, tf in docs:
        for w, x in _unit(tf, idf).items():
            postings[w].append((pk, x))
    return {"idf": idf, "postings": dict(postings), "size": n}


def store(model: dict) -> None:
    cache.set(MODEL_KEY, model, timeout=None)
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def current() -> dict | None:
    """This process's copy of the stored model (reloaded when a retrain changed it)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        return None
    if version != _memo["version"]:
        _memo["model"], _memo["version"] = cache.get(MODEL_KEY), version
    return _memo["model"]


def nearest(model: dict, text: str, *, exclude_pk=None, limit=10) -> list[tuple[int, float]]:
    """[(proposal id, cosine)] best first, over the proposals sharing a word with `text`."""
    q = _unit(Counter(words(text)), model["idf"])
    scores = defaultdict(float)
    for w, x in q.items():
        for pk, d in model["postings"].get(w, ()):
            scores[pk] += x * d
    scores.pop(exclude_pk, None)
    return sorted(scores.items(), key=lambda kv: (-kv[1], -kv[0]))[:limit]
