"""Measure the unit suggestion on the term's history with a time split: learn from the
sessions before the last, suggest for the last one's assigned proposals; top-1 and top-3
accuracy of the lead unit and the time per suggestion, for jieba + TF-IDF (the one in
use, proposals.selectors.suggestion and .suggestion_model) and trigram similarity.
Reads only. Figures in docs/SUGGESTION.md."""

import time

from django.core.management.base import BaseCommand

from proposals.models import Assignment, Proposal
from proposals.selectors import suggestion_model
from proposals.selectors.suggestion import (
    EXCLUDED,
    neighbours_tfidf,
    neighbours_trigram,
    vote,
)


def _truth(year):
    rows = Assignment.objects.filter(
        proposal__session__year=year, role=Assignment.Role.LEAD
    ).exclude(state=Assignment.State.RELEASED)
    return {a.proposal_id: a.unit_id for a in rows}


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
        train = Proposal.objects.exclude(status__in=EXCLUDED).filter(
            session__year__lt=target, assigned_at__isnull=False
        )
        self.stdout.write(
            f"learn from {train.count()} proposals of {years[:-1]}, "
            f"suggest for {len(tests)} of {target}"
        )
        t0 = time.perf_counter()
        model = suggestion_model.build(before_year=target)  # the one in use, on the past only
        methods = [
            ("jieba+tfidf", lambda t: neighbours_tfidf(model, t), time.perf_counter() - t0),
            ("trigram", lambda t: neighbours_trigram(t, before_year=target), 0.0),
        ]
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
