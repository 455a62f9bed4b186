"""Reads of the kept totals (members.models.DutyTotal) and their check against the ledger.

The table is written by the database (triggers, migration 0007_duty_totals_kept) in the
statement of every ledger write; `differences()` recomputes every member-year from the
ledger with the points module's own aggregate and lists where the table disagrees."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import connection

# Independent of the trigger's SQL: the per-kind capped sums as points.py computes them.
_LEDGER = """
    SELECT x.member_id, x.year, SUM(CASE WHEN x.cap IS NOT NULL AND x.s > x.cap
                                         THEN x.cap ELSE x.s END) AS total,
           SUM(x.n)::int AS records, array_agg(DISTINCT x.kind ORDER BY x.kind) AS kinds
    FROM (
        SELECT c.member_id, c.year, c.kind, c.n, c.s,
            CASE WHEN tr.id IS NOT NULL THEN tr.yearly_cap ELSE dr.yearly_cap END AS cap
        FROM (
            SELECT d.member_id, d.year, d.term_id, d.kind, COUNT(*) AS n, SUM(d.points) AS s
            FROM members_dutyrecord d WHERE d.voided_at IS NULL {where}
            GROUP BY d.member_id, d.year, d.term_id, d.kind
        ) c
        LEFT JOIN members_pointrule tr ON tr.term_id = c.term_id AND tr.kind = c.kind
        LEFT JOIN members_pointrule dr ON dr.term_id IS NULL AND dr.kind = c.kind
    ) x
    GROUP BY x.member_id, x.year
"""


@dataclass
class Difference:
    member_id: int
    year: int
    kept: tuple | None
    ledger: tuple | None

    def __str__(self):
        return f"member {self.member_id}, {self.year}: kept {self.kept}, ledger {self.ledger}"


def differences(year: int | None = None) -> list[Difference]:
    """Every member-year where the kept row (total, records, kinds) differs from the ledger."""
    where, params = ("AND d.year = %s", [year]) if year else ("", [])
    kept_where = "WHERE t.year = %s" if year else ""
    sql = f"""
        WITH l AS ({_LEDGER.format(where=where)}),
             t AS (SELECT t.member_id, t.year, t.total, t.records, t.kinds,
                          ARRAY(SELECT jsonb_object_keys(t.counts) ORDER BY 1) AS count_kinds,
                          (SELECT SUM((v->>'n')::int) FROM jsonb_each(t.counts) e(k, v)) AS n
                   FROM members_dutytotal t {kept_where})
        SELECT COALESCE(l.member_id, t.member_id), COALESCE(l.year, t.year),
               t.total, t.records, t.kinds::text[], l.total, l.records, l.kinds::text[]
        FROM l FULL JOIN t ON t.member_id = l.member_id AND t.year = l.year
        WHERE l.member_id IS NULL OR t.member_id IS NULL
           OR (t.total, t.records, t.kinds::text[], t.count_kinds::text[], t.n)
              IS DISTINCT FROM (l.total, l.records, l.kinds::text[], l.kinds::text[], l.records)
        ORDER BY 2, 1
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params + ([year] if year else []))
        rows = cursor.fetchall()
    return [
        Difference(
            m,
            y,
            None if kt is None else (kt, kn, tuple(kk)),
            None if lt is None else (lt, ln, tuple(lk)),
        )
        for m, y, kt, kn, kk, lt, ln, lk in rows
    ]


def _dec(value):
    return None if value is None else Decimal(str(value))


def kind_lines(total_row):
    """The per-kind lines (points.KindLine) of one kept member-year, highest points first."""
    from .models import DutyKind
    from .points import KindLine

    if total_row is None:
        return []
    labels = dict(DutyKind.choices)
    lines = [
        KindLine(
            kind,
            str(labels.get(kind, kind)),
            v["n"],
            _dec(v["raw"]),
            _dec(v["cap"]),
            _dec(v["points"]),
        )
        for kind, v in total_row.counts.items()
    ]
    lines.sort(key=lambda line: (-line.points, line.label))
    return lines


_YEARS = """
    WITH RECURSIVE y(year) AS (
        SELECT MAX(year) FROM members_dutytotal
        UNION ALL
        SELECT (SELECT MAX(t.year) FROM members_dutytotal t WHERE t.year < y.year)
        FROM y WHERE y.year IS NOT NULL
    )
    SELECT year FROM y WHERE year IS NOT NULL
"""


def ledger_years() -> list[int]:
    """The years the ledger holds live records of, newest first: one probe of the totals'
    (year, total) index per year (a loose index scan), not a DISTINCT over every row."""
    with connection.cursor() as cursor:
        cursor.execute(_YEARS)
        return [row[0] for row in cursor.fetchall()]
