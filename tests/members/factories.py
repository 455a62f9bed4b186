"""Ledger helpers for the duty tests: records through the one write path."""

import itertools
from datetime import date

from members.services import record_duty

_seq = itertools.count(1)


def add_record(member, kind, *, day=None, points=None, key=None, year=2026):
    record, _created = record_duty(
        member=member,
        kind=kind,
        source_key=key or f"test:{next(_seq)}",
        occurred_on=day or date(year, 3, 1),
        title=f"测试记录 {kind}",
        points=points,
    )
    return record
