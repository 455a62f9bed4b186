"""Measure the unit suggestion on the term's history with a time split: learn from the
sessions before the last, suggest for the last one's assigned proposals; top-1 and top-3
accuracy of the lead unit and the time per suggestion, for trigram similarity (the one in
use, proposals.selectors.suggestion) and jieba + a hand TF-IDF (if jieba is installed).
Reads only. Figures in docs/SUGGESTION.md."""

import math
import time
from collections import Counter

from django.core.management.base import BaseCommand

from proposals.models import Assignment, Proposal
from proposals.selectors.suggestion import EXCLUDED, NEIGHBOURS, neighbours_trigram, vote


def _truth(year):
    rows = Assignment.objects.filter(
        proposal__session__year=year, role=Assignment.Role.LEAD
    ).exclude(state=Assignment.State.RELEASED)
    return {a.proposal_id: a.unit_id for a in rows}


class TfIdf:
    """jieba words, TF-IDF weights, cosine: the nearest past proposals by title."""

    STOP = {"关于", "的", "建议", "我区", "工作", "进一步", "做好"}

    def __init__(self, docs):
        import jieba

        jieba.setLogLevel(60)
        self.cut = lambda t: [w for w in jieba.lcut(t) if w.strip() and w not in self.STOP]
        tokens = [(p, Counter(self.cut(p.title))) for p in docs]
        df = Counter(w for _p, tf in tokens for w in tf)
        n = len(tokens)
        self.idf = {w: math.log((1 + n) / (1 + c)) + 1 for w, c in df.items()}
        self.docs = [(p, self._vec(tf)) for p, tf in tokens]

    def _vec(self, tf):
        v = {w: c * self.idf.get(w, 0) for w, c in tf.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1
        return {w: x / norm for w, x in v.items()}

    def neighbours(self, text, limit=NEIGHBOURS):
        q = self._vec(Counter(self.cut(text)))
        scored = [(p, sum(x * d.get(w, 0) for w, x in q.items())) for p, d in self.docs]
        scored = [s for s in scored if s[1] > 0]
        return sorted(scored, key=lambda s: -s[1])[:limit]


class Command(BaseCommand):
    help = "Top-1/top-3 accuracy and time of the unit suggestion (time split on the term)."

    def handle(self, *args, **options):
        years = sorted(
            set(
                Proposal.objects.filter(assigned_at__isnull=False).values_list(
                    "session__year", flat=True
                )
            )
        )
        if len(years) < 2:
            self.stdout.write("need at least two sessions with assigned proposals")
            return
        target = years[-1]
        truth = _truth(target)
        tests = list(Proposal.objects.filter(pk__in=truth).order_by("pk"))
        train = list(
            Proposal.objects.exclude(status__in=EXCLUDED).filter(
                session__year__lt=target, assigned_at__isnull=False
            )
        )
        self.stdout.write(
            f"learn from {len(train)} proposals of {years[:-1]}, "
            f"suggest for {len(tests)} of {target}"
        )
        methods = [("trigram", lambda t: neighbours_trigram(t, before_year=target), 0.0)]
        try:
            t0 = time.perf_counter()
            model = TfIdf(train)
            methods.append(("jieba+tfidf", model.neighbours, time.perf_counter() - t0))
        except ImportError:
            self.stdout.write("jieba not installed: TF-IDF not measured")
        for name, neighbours, build in methods:
            top1 = top3 = 0
            t0 = time.perf_counter()
            for p in tests:
                ranked = [u.pk for u, _s in vote(neighbours(p.title)).leads]
                top1 += ranked[:1] == [truth[p.pk]]
                top3 += truth[p.pk] in ranked[:3]
            per = (time.perf_counter() - t0) / max(1, len(tests)) * 1000
            n = max(1, len(tests))
            self.stdout.write(
                f"{name:<12} top-1 {top1 / n:.1%}  top-3 {top3 / n:.1%}  "
                f"{per:.1f} ms per suggestion  (model built in {build:.2f}s)"
            )
