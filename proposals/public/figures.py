"""The yearly public figures: proposals submitted, registered and replied in each year's
sessions, and the shares of the A/B/C result categories among the released first-round
replies. Counts of every proposal (not only the disclosed ones) — figures name no one."""

from django.db.models import Count, Exists, OuterRef, Q

from ..models import Proposal, Reply

RESULTS = tuple(Reply.Result.values)


def _share(n, total):
    return round(n * 100 / total, 1) if total else 0.0


def yearly_figures() -> list[dict]:
    """[{year, submitted, registered, replied, a, b, c, a_share, b_share, c_share}], newest
    year first."""
    released = Reply.objects.filter(proposal=OuterRef("pk"), status=Reply.Status.RELEASED)
    counts = (
        Proposal.objects.filter(submitted_at__isnull=False)
        .annotate(has_reply=Exists(released))
        .values("session__year")
        .annotate(
            submitted=Count("id"),
            registered=Count("id", filter=Q(number__isnull=False)),
            replied=Count("id", filter=Q(has_reply=True)),
        )
        .order_by()
    )
    results = (
        Reply.objects.filter(status=Reply.Status.RELEASED, round=1)
        .values("proposal__session__year", "result")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_year: dict[int, dict] = {}
    for row in counts:
        by_year[row["session__year"]] = {
            "year": row["session__year"],
            "submitted": row["submitted"],
            "registered": row["registered"],
            "replied": row["replied"],
            **{r.lower(): 0 for r in RESULTS},
        }
    for row in results:
        year = by_year.get(row["proposal__session__year"])
        if year is not None and row["result"] in RESULTS:
            year[row["result"].lower()] = row["n"]
    for year in by_year.values():
        total = sum(year[r.lower()] for r in RESULTS)
        for r in RESULTS:
            year[f"{r.lower()}_share"] = _share(year[r.lower()], total)
    return [by_year[y] for y in sorted(by_year, reverse=True)]
