"""The unit suggestion on the assign form (proposals/selectors/suggestion.py): the TF-IDF
model's build over the term's past proposals, then the suggestion for 30 proposals of the
newest session with the model (the normal path) and with the trigram fallback."""

import statistics
import time

from django.contrib.auth import get_user_model


def _timed(fn, items):
    samples = []
    for item in items:
        t0 = time.perf_counter()
        fn(item)
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return round(statistics.median(samples), 1), round(samples[int(0.95 * (len(samples) - 1))], 1)


def run(scale):
    from proposals.models import Proposal
    from proposals.selectors import suggestion, suggestion_model

    staff = get_user_model().objects.get(username="proposal_staff")
    newest = Proposal.objects.order_by("-session__year", "-pk")
    proposals = list(newest.exclude(title="")[:31])
    suggestion.suggest_units(staff, proposals[-1])  # jieba loads its dictionary once per process
    t0 = time.perf_counter()
    model = suggestion_model.build()
    build_s = round(time.perf_counter() - t0, 1)
    suggestion_model.store(model)
    tfidf = _timed(lambda p: suggestion.suggest_units(staff, p), proposals[:30])
    trigram = _timed(
        lambda p: suggestion.vote(suggestion.neighbours_trigram(p.title, exclude_pk=p.pk)),
        proposals[:30],
    )
    return [
        {
            "name": "unit suggestion (TF-IDF, 30 proposals)",
            "median_ms": tfidf[0],
            "p95_ms": tfidf[1],
            "model_build_s": build_s,
            "past_proposals": model["size"],
        },
        {"name": "unit suggestion (trigram)", "median_ms": trigram[0], "p95_ms": trigram[1]},
    ]
