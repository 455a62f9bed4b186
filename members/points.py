"""Points (履职量化考评) and yearly minimums ("five ones"), computed in the database.

A member's year total is the sum, per kind, of their live records' points, each
kind's sum held to that kind's yearly cap (the term's row of the points table,
else the default row). The records keep the points the table gave them when
recorded; a changed table reaches them only through `recompute_year` (on request).
"""

import contextlib
import logging
import time
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import RawSQL

from .models import DutyKind, DutyRecord, DutyTotal, EvaluationBand, Member, YearlyMinimum

# The effective rule of every (term, kind): the term's row if it has one, else the default.
_EFFECTIVE_RULES = """
    SELECT t.id AS term_id, k.kind AS kind,
           CASE WHEN tr.id IS NOT NULL THEN tr.points ELSE COALESCE(dr.points, 0) END AS points,
           CASE WHEN tr.id IS NOT NULL THEN tr.yearly_cap ELSE dr.yearly_cap END AS cap
    FROM members_term t
    CROSS JOIN (SELECT unnest(%s::varchar[]) AS kind) k
    LEFT JOIN members_pointrule tr ON tr.term_id = t.id AND tr.kind = k.kind
    LEFT JOIN members_pointrule dr ON dr.term_id IS NULL AND dr.kind = k.kind
"""


def total_expression(year: int) -> RawSQL:
    """An annotation on a Member queryset: the member's capped total for the year (kept)."""
    return RawSQL(
        "SELECT COALESCE((SELECT t.total FROM members_dutytotal t WHERE t.member_id = "
        '"members_member"."id" AND t.year = %s), 0)',
        [year],
    )


def records_count_expression(year: int) -> RawSQL:
    return RawSQL(
        "SELECT COALESCE((SELECT t.records FROM members_dutytotal t WHERE t.member_id = "
        '"members_member"."id" AND t.year = %s), 0)',
        [year],
    )


@dataclass
class KindLine:
    kind: str
    label: str
    count: int
    raw: Decimal
    cap: Decimal | None
    points: Decimal

    @property
    def capped(self):
        return self.points != self.raw


def kind_breakdown(member_id: int, year: int) -> list[KindLine]:
    """One indexed read of the kept totals: per kind, how many records, their raw sum, the
    cap and the points counted."""
    from .totals import kind_lines

    return kind_lines(DutyTotal.objects.filter(member_id=member_id, year=year).first())


def member_total(member_id: int, year: int) -> Decimal:

    row = DutyTotal.objects.filter(member_id=member_id, year=year).values("total").first()
    return row["total"] if row else Decimal("0")


class Ranking:
    """Members ranked by their capped year total, read from the kept totals (DutyTotal) joined
    to the (already filtered) members, sorted and sliced in the database. Works with Django's
    Paginator (count + slicing); each slice is two queries.

    A slice within the members who have a positive total is read down the index on
    (year, total DESC): those members come first whatever the filters, in the same order.
    Only a slice reaching past them (members with no or a negative total) reads all."""

    def __init__(self, members, year: int, band_range=None):
        self.members, self.year, self.band_range = members, year, band_range

    def _where(self):
        where, params = "", []
        if self.band_range is not None:
            low, below = self.band_range
            if low is not None:
                where += " AND COALESCE(t.total, 0) >= %s"
                params.append(low)
            if below is not None:
                where += " AND COALESCE(t.total, 0) < %s"
                params.append(below)
        return where, params

    def _sql(self, select: str, tail: str = ""):
        ids_sql, ids_params = self.members.order_by().values("pk").query.sql_with_params()
        where, params = self._where()
        sql = f"""
            SELECT {select}
            FROM members_member m
            LEFT JOIN members_dutytotal t ON t.member_id = m.id AND t.year = %s
            WHERE m.id IN ({ids_sql}) {where} {tail}
        """
        return sql, [self.year, *ids_params, *params]

    def _top_sql(self, tail: str):
        ids_sql, ids_params = self.members.order_by().values("pk").query.sql_with_params()
        where, params = self._where()
        sql = f"""
            SELECT m.id, t.total, t.records
            FROM members_dutytotal t JOIN members_member m ON m.id = t.member_id
            WHERE t.year = %s AND t.total > 0 AND m.id IN ({ids_sql}) {where}
            ORDER BY t.total DESC, m.number {tail}
        """
        return sql, [self.year, *ids_params, *params]

    def count(self):
        if getattr(self, "_count", None) is None:
            if self.band_range is None:
                self._count = self.members.count()
            else:
                sql, params = self._sql("COUNT(*)")
                with connection.cursor() as cursor:
                    cursor.execute(sql, params)
                    self._count = cursor.fetchone()[0]
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        start, stop = key.start or 0, key.stop
        limit = f" LIMIT {int(stop - start)}" if stop is not None else ""
        offset = f" OFFSET {int(start)}"
        rows = None
        # the index read first, unless the slice is known to reach the end (the paginator
        # counted): then it would only come back short
        known = getattr(self, "_count", None)
        if stop is not None and (known is None or stop < known):
            sql, params = self._top_sql(limit + offset)
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                rows = cursor.fetchall()
            if len(rows) < stop - start:
                rows = None  # the slice reaches past the positive totals: read them all
        if rows is None:
            tail = "ORDER BY COALESCE(t.total, 0) DESC, m.number" + limit + offset
            sql, params = self._sql(
                "m.id, COALESCE(t.total, 0) AS total, COALESCE(t.records, 0) AS records", tail
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                rows = cursor.fetchall()
        found = Member.objects.select_related("sector").in_bulk([r[0] for r in rows])
        result = []
        for pk, total, records in rows:
            member = found[pk]
            member.total, member.records = total, records
            result.append(member)
        return result

    def chunks(self, size=500):
        start = 0
        while True:
            batch = self[start : start + size]
            yield from batch
            if len(batch) < size:
                return
            start += size


# --- Bands ---------------------------------------------------------------------------------


CONFIG_CACHE_KEY = "members:duty-config"


def clear_config_cache(**kwargs):
    """Connected to saves and deletes of bands and minimums (members/apps.py)."""
    from django.core.cache import cache

    try:
        cache.delete(CONFIG_CACHE_KEY)
    except Exception:  # noqa: BLE001 - Redis down: entries expire within the timeout anyway
        logging.getLogger(__name__).warning("could not clear the duty config cache")


def _load_config():
    """Both catalogues in one query (json aggregates), as model instances."""
    sql = """
        SELECT
          (SELECT COALESCE(json_agg(json_build_object(
               'id', b.id, 'name', b.name, 'min_points', b.min_points::text,
               'needs_talk', b.needs_talk, 'css', b.css)), '[]'::json)
           FROM members_evaluationband b WHERE b.term_id IS NULL),
          (SELECT COALESCE(json_agg(json_build_object(
               'id', y.id, 'name', y.name, 'kinds', y.kinds, 'order', y."order", 'active', y.active)
               ORDER BY y."order", y.id), '[]'::json)
           FROM members_yearlyminimum y WHERE y.active)
    """
    with connection.cursor() as cursor:
        cursor.execute(sql)
        bands, minimums = cursor.fetchone()
    if isinstance(bands, str):
        import json

        bands, minimums = json.loads(bands), json.loads(minimums)
    for row in bands:
        if row["min_points"] is not None:
            row["min_points"] = Decimal(row["min_points"])
    return {
        "bands": [EvaluationBand(term=None, **row) for row in bands],
        "minimums": [YearlyMinimum(**row) for row in minimums],
    }


def _config():
    """The default bands and the active minimums: small, read on every duty page, cached."""
    from django.core.cache import cache

    try:
        config = cache.get(CONFIG_CACHE_KEY)
    except Exception:  # noqa: BLE001 - Redis down: read the database
        config = None
    if config is None:
        config = _load_config()
        with contextlib.suppress(Exception):  # Redis down: next time, again from the database
            cache.set(CONFIG_CACHE_KEY, config, 600)
    return config


class Bands:
    """The evaluation bands of a term (its own rows, else the defaults), highest first."""

    def __init__(self, term=None):
        rows = list(EvaluationBand.objects.filter(term=term)) if term else []
        if not rows:
            rows = _config()["bands"]
        self.rows = sorted(
            rows, key=lambda b: (b.min_points is None, -(b.min_points or Decimal("0")))
        )

    def for_points(self, points) -> EvaluationBand | None:
        for band in self.rows:
            if band.min_points is None or points >= band.min_points:
                return band
        return None

    def range_for(self, band_id: int):
        """(lowest, below) points of a band; None where open-ended; None if no such band."""
        for i, band in enumerate(self.rows):
            if band.pk == band_id:
                higher = [b for b in self.rows[:i] if b.min_points is not None]
                return band.min_points, (higher[-1].min_points if higher else None)
        return None

    def filter_for(self, band_id: int):
        """A Q on the annotation `total` selecting the members in that band."""
        for i, band in enumerate(self.rows):
            if band.pk == band_id:
                q = Q(total__gte=band.min_points) if band.min_points is not None else Q()
                higher = [b for b in self.rows[:i] if b.min_points is not None]
                if higher:
                    q &= Q(total__lt=higher[-1].min_points)
                return q
        return Q(pk__in=[])


# --- Five ones -----------------------------------------------------------------------------


def active_minimums():
    return list(_config()["minimums"])


@dataclass
class MinimumStatus:
    minimum: YearlyMinimum
    met: bool


def minimum_status(
    member_id: int, year: int, minimums=None, kinds: set | None = None
) -> list[MinimumStatus]:
    """Which yearly minimums one member met in a year (one query, none if `kinds` is given:
    the kinds of the member's live records that year)."""

    minimums = active_minimums() if minimums is None else minimums
    if kinds is None:
        row = DutyTotal.objects.filter(member_id=member_id, year=year).values("kinds").first()
        kinds = set(row["kinds"]) if row else set()
    return [MinimumStatus(m, bool(kinds & set(m.kinds))) for m in minimums]


def minimum_exists(minimum: YearlyMinimum, year: int) -> Exists:

    return Exists(
        DutyTotal.objects.filter(member_id=OuterRef("pk"), year=year, kinds__overlap=minimum.kinds)
    )


def members_missing_minimums(year: int, minimums=None, members=None):
    """Sitting members (or the given queryset) annotated `met_<i>` for each minimum,
    keeping those who miss at least one."""
    minimums = active_minimums() if minimums is None else minimums
    qs = members if members is not None else Member.objects.filter(status=Member.Status.SITTING)
    qs = qs.annotate(**{f"met_{i}": minimum_exists(m, year) for i, m in enumerate(minimums)})
    missing = Q()
    for i in range(len(minimums)):
        missing |= Q(**{f"met_{i}": False})
    return qs.filter(missing) if minimums else qs.none()


_COMPLETION_GROUPS = {
    # key: (select of the group's id, name and order, FROM/JOIN clause, GROUP BY)
    "sector": (
        's.id AS id, s.name AS name, s."order" AS ord',
        "members_member m JOIN members_sector s ON s.id = m.sector_id",
        "s.id",
    ),
    "committee": (
        'c.id AS id, c.name AS name, c."order" AS ord',
        "members_committeemembership cm JOIN members_member m ON m.id = cm.member_id"
        " JOIN members_specialcommittee c ON c.id = cm.committee_id",
        "c.id",
    ),
}

# Per member, the year's kept kinds (for the minimums) and capped total.
_YEAR_BY_MEMBER = """
    SELECT t.member_id, t.kinds, t.total FROM members_dutytotal t WHERE t.year = %s
"""


def _group_select(group: str, minimums, bands, term) -> tuple[str, list]:
    """One group's counting SELECT over the CTE `k` (see completion_by_groups)."""
    select, source, group_by = _COMPLETION_GROUPS[group]
    columns, params = [], []
    for i, m in enumerate(minimums):
        columns.append(f"COUNT(*) FILTER (WHERE k.kinds && %s::varchar[]) AS met_{i}")
        params.append(list(m.kinds))
    for i, band in enumerate(bands.rows if bands else []):
        low, below = bands.range_for(band.pk)
        conditions = ["true"]
        if low is not None:
            conditions.append("COALESCE(k.total, 0) >= %s")
            params.append(low)
        if below is not None:
            conditions.append("COALESCE(k.total, 0) < %s")
            params.append(below)
        columns.append(f"COUNT(*) FILTER (WHERE {' AND '.join(conditions)}) AS band_{i}")
    all_met = " AND ".join("COALESCE(k.kinds && %s::varchar[], false)" for _m in minimums)
    params += [list(m.kinds) for m in minimums]
    params.append(Member.Status.SITTING)
    in_term = ""
    if term is not None:
        in_term = (
            " AND EXISTS (SELECT 1 FROM members_member_terms mt"
            " WHERE mt.member_id = m.id AND mt.term_id = %s)"
        )
        params.append(term.pk)
    sql = f"""
        SELECT %s AS grp, {select}, COUNT(*) AS total,
               {"".join(c + ", " for c in columns)}
               COUNT(*) FILTER (WHERE {all_met or "false"}) AS all_met
        FROM {source}
        LEFT JOIN k ON k.member_id = m.id
        WHERE m.status = %s{in_term}
        GROUP BY {group_by}
    """
    return sql, [group, *params]


def completion_by_groups(
    groups, year: int, minimums=None, *, term=None, bands: "Bands | None" = None
) -> dict[str, list[dict]]:
    """Per sector and/or committee: sitting members (of `term`, if given), how many met each
    minimum, all of them, and — with `bands` — how many fall in each band by capped total.

    One query whatever the ledger's size: the year's kept totals (one row per member, the
    MATERIALIZED CTE) and each grouping counts the members with FILTER."""
    minimums = active_minimums() if minimums is None else minimums
    selects, params = [], [year]
    for group in groups:
        sql, group_params = _group_select(group, minimums, bands, term)
        selects.append(sql)
        params += group_params
    sql = f"WITH k AS MATERIALIZED ({_YEAR_BY_MEMBER}) " + " UNION ALL ".join(selects)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [c.name for c in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    out = {group: [] for group in groups}
    for row in rows:
        row["met"] = [row[f"met_{i}"] for i in range(len(minimums))]
        row["bands"] = [row[f"band_{i}"] for i in range(len(bands.rows) if bands else 0)]
        out[row["grp"]].append(row)
    for group_rows in out.values():
        group_rows.sort(key=lambda r: (r["ord"], r["id"]))
    return out


# --- Recompute -----------------------------------------------------------------------------


def recompute_year(year: int, *, context: dict | None = None) -> tuple[int, float]:
    """Set every live, table-priced record of the year to what the points table says now:
    one UPDATE … FROM join that writes only the rows whose points change. Records with fixed
    points (manual entries) are left alone.

    The history is kept in the same statement: the changed rows are written to the event
    table by the UPDATE's RETURNING, under one pghistory context (the job). The per-row
    history trigger is not even queued for them (its WHEN clause reads RECOMPUTE_SETTING,
    set for this statement only), and the ledger's free page space makes most rewrites HOT.
    Returns (records changed, seconds)."""
    import uuid

    from django.apps import apps
    from django.db import transaction
    from pghistory.models import Context

    from .models import RECOMPUTE_SETTING

    started = time.monotonic()
    event_model = apps.get_model("members", "DutyRecordEvent")
    tracked = [f.column for f in DutyRecord._meta.concrete_fields]
    columns = ", ".join(f'"{c}"' for c in tracked)
    selected = ", ".join(f'c."{c}"' for c in tracked)
    sql = f"""
        WITH changed AS (
            UPDATE members_dutyrecord d SET points = r.points
            FROM ({_EFFECTIVE_RULES}) r
            WHERE d.term_id = r.term_id AND d.kind = r.kind AND d.year = %s
              AND d.voided_at IS NULL AND NOT d.points_fixed
              AND d.points IS DISTINCT FROM r.points
            RETURNING d.*
        )
        INSERT INTO {event_model._meta.db_table}
            ({columns}, pgh_created_at, pgh_label, pgh_obj_id, pgh_context_id)
        SELECT {selected}, NOW(), 'update', c.id, %s FROM changed c
    """
    with transaction.atomic(), connection.cursor() as cursor:
        context_row = Context.objects.create(
            id=uuid.uuid4(), metadata={"points_recompute": year, **(context or {})}
        )
        # set_config(…, true) lasts to the end of the transaction: switch it off again at
        # once, so later updates in the same transaction get their history from the trigger
        cursor.execute("SELECT set_config(%s, 'on', true)", [RECOMPUTE_SETTING])
        cursor.execute(sql, [list(DutyKind.values), year, context_row.pk])
        changed = cursor.rowcount
        cursor.execute("SELECT set_config(%s, '', true)", [RECOMPUTE_SETTING])
        if not changed:
            context_row.delete()
    return changed, time.monotonic() - started
