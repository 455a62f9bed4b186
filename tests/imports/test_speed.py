"""5,000 past proposals: the import's time and peak memory (read-only openpyxl keeps it
flat). Heavy on a shared machine, so it runs when asked:
`IMPORT_BENCH=1 pytest tests/imports/test_speed.py -s` (the figures are printed)."""

import os
import resource
import time
import tracemalloc

import pytest

from cppcc_portal.core.imports import pipeline
from proposals.imports import ProposalSheet
from proposals.models import Proposal

from .sheets import real_year_rows, upload, workbook_bytes

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not os.environ.get("IMPORT_BENCH"), reason="set IMPORT_BENCH=1"),
]


def test_5000_proposals(staff, year):
    session, members = year
    content = workbook_bytes(real_year_rows(members, count=(750, 1750, 2500)))
    spec = ProposalSheet()
    print(f"\nsheet of 5,000 proposals: {len(content) / 1024 / 1024:.1f} MiB")

    tracemalloc.start()
    started = time.monotonic()
    preview = pipeline.run(spec, upload(content), actor=staff, commit=False)
    elapsed = time.monotonic() - started
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert preview.counts["create"] == 5000
    print(f"preview (dry run): {elapsed:.1f} s, peak Python memory {peak / 1024 / 1024:.1f} MiB")

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    traced = bool(os.environ.get("IMPORT_BENCH_TRACE"))  # tracemalloc slows the write down
    if traced:
        tracemalloc.start()
    started = time.monotonic()
    result = pipeline.run(spec, upload(content), actor=staff, commit=True)
    elapsed = time.monotonic() - started
    peak = tracemalloc.get_traced_memory()[1] if traced else 0
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert result.written and Proposal.objects.count() == 5000
    print(
        f"write: {elapsed:.1f} s ({5000 / elapsed:.0f} rows/s), max RSS {rss_after / 1024:.0f} MiB "
        f"(before {rss_before / 1024:.0f} MiB)"
        + (f", peak Python memory {peak / 1024 / 1024:.1f} MiB" if traced else "")
    )

    tracemalloc.start()
    started = time.monotonic()
    again = pipeline.run(spec, upload(content), actor=staff, commit=True)
    elapsed = time.monotonic() - started
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert again.counts["same"] == 5000
    print(f"second import (changes nothing): {elapsed:.1f} s, peak {peak / 1024 / 1024:.1f} MiB")
