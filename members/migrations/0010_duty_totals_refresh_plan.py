# The totals refresh, re-planned. Found seeding scale 10: with statistics that did not yet
# know the ledger had grown (a bulk load in one transaction, a freshly restored database),
# the planner believed the member-years touched were one row, scanned the whole ledger
# through a partial index for every statement, and joined two aggregates of the same rows
# as a nested loop — quadratic in the member-years: 7 s for one insert of 2,000 records.
#
# Now the plan no longer depends on statistics being right:
# - each member-year's records are read through its own index (a LATERAL subquery that is
#   not flattened, so a nested loop over duty_member_year whatever the estimates): a write
#   touching a few member-years costs a few index reads however large the ledger is, and a
#   refresh of every member-year (a cap changed) is linear in the records it re-reads;
# - one pass of aggregation per member-year, no join of two aggregates;
# - sequential scans are off inside the function (every table it reads is read by key).
import importlib

from django.db import migrations

_0009 = importlib.import_module("members.migrations.0009_duty_total_changed")

NEW_REFRESH = """
CREATE OR REPLACE FUNCTION members_refresh_duty_totals(p_members bigint[], p_years int[])
RETURNS void LANGUAGE plpgsql
SET enable_seqscan = off
SET plan_cache_mode = force_custom_plan
AS $$
BEGIN
    IF p_members IS NULL OR cardinality(p_members) = 0 THEN
        RETURN;
    END IF;
    -- Writers of the same member wait for each other here (a row lock, held to commit),
    -- and the statements below then see what the first one committed (READ COMMITTED).
    PERFORM 1 FROM members_member WHERE id = ANY(p_members) ORDER BY id FOR NO KEY UPDATE;
    WITH p AS (
        SELECT DISTINCT u.m AS member_id, u.y AS year FROM unnest(p_members, p_years) AS u(m, y)
    ), c AS (
        SELECT p.member_id, p.year, r.term_id, r.kind, r.n, r.s
        FROM p CROSS JOIN LATERAL (
            SELECT d.term_id, d.kind, COUNT(*) AS n, SUM(d.points) AS s
            FROM members_dutyrecord d
            WHERE d.member_id = p.member_id AND d.year = p.year AND d.voided_at IS NULL
            GROUP BY d.term_id, d.kind
            OFFSET 0
        ) r
    ), x AS (
        SELECT c.*, CASE WHEN tr.id IS NOT NULL THEN tr.yearly_cap ELSE dr.yearly_cap END AS cap
        FROM c
        LEFT JOIN members_pointrule tr ON tr.term_id = c.term_id AND tr.kind = c.kind
        LEFT JOIN members_pointrule dr ON dr.term_id IS NULL AND dr.kind = c.kind
    ), k AS (
        SELECT member_id, year, kind, MAX(term_id) AS term_id, SUM(n)::int AS n,
               SUM(s) AS raw, MAX(cap) AS cap,
               SUM(CASE WHEN cap IS NOT NULL AND s > cap THEN cap ELSE s END) AS points
        FROM x GROUP BY member_id, year, kind
    )
    INSERT INTO members_dutytotal (member_id, year, term_id, total, records, counts, kinds)
    SELECT member_id, year, MAX(term_id), SUM(points), SUM(n)::int,
           jsonb_object_agg(kind, jsonb_build_object(
               'n', n, 'raw', raw, 'cap', cap, 'points', points)),
           array_agg(kind ORDER BY kind)::varchar[]
    FROM k GROUP BY member_id, year
    ON CONFLICT (member_id, year) DO UPDATE SET
        term_id = EXCLUDED.term_id, total = EXCLUDED.total, records = EXCLUDED.records,
        counts = EXCLUDED.counts, kinds = EXCLUDED.kinds,
        changed = nextval('members_dutytotal_changed_seq')
    WHERE (members_dutytotal.term_id, members_dutytotal.total, members_dutytotal.records,
           members_dutytotal.counts, members_dutytotal.kinds)
          IS DISTINCT FROM
          (EXCLUDED.term_id, EXCLUDED.total, EXCLUDED.records, EXCLUDED.counts, EXCLUDED.kinds);
    DELETE FROM members_dutytotal t
    USING (SELECT DISTINCT u.m AS member_id, u.y AS year
           FROM unnest(p_members, p_years) AS u(m, y)) p
    WHERE t.member_id = p.member_id AND t.year = p.year
      AND NOT EXISTS (
          SELECT 1 FROM members_dutyrecord d
          WHERE d.member_id = p.member_id AND d.year = p.year AND d.voided_at IS NULL);
END $$;
"""


class Migration(migrations.Migration):
    dependencies = [("members", "0009_duty_total_changed")]

    operations = [migrations.RunSQL(NEW_REFRESH, _0009._NEW_REFRESH)]
