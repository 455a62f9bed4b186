"""The public list uncached: what the first visitor after a disclosure change waits for (the
stamp, the filter choices, the page's rows and count), median of a few runs."""

import statistics
import time

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext


def _cold():
    from proposals.public import selectors, stamp

    stamp.disclosure_stamp()
    selectors.filter_choices()
    selectors.public_rows({}, offset=0, limit=20)


def _cold_search():
    from proposals.public import selectors

    selectors.public_rows({"q": "养老"}, offset=0, limit=20)


def run(scale):
    rows = []
    for name, fn in (
        ("public list uncached", _cold),
        ("public list search uncached", _cold_search),
    ):
        fn()
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            fn()
        samples = []
        for _ in range(7):
            start = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - start) * 1000)
        rows.append(
            {
                "name": name,
                "median_ms": round(statistics.median(samples), 1),
                "queries": len(queries),
            }
        )
    return rows
