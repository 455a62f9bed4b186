# The dashboards' data stamp read a checksum of every kept duty total (110 ms at scale 10, on
# every cached page). Instead each total row carries when it last changed — a number from a
# sequence, written by the same trigger that keeps the totals, in the same transaction — and
# the stamp reads its maximum through an index (a few hundredths of a millisecond). A
# sequence takes no lock, so concurrent ledger writes do not wait for each other on it; the
# new maximum is seen only once its transaction commits. Not a Django field: only the
# database writes it.
import importlib

from django.db import migrations

_0007 = importlib.import_module("members.migrations.0007_duty_totals_kept")
_OLD_REFRESH = _0007.REFRESH_FUNCTION[: _0007.REFRESH_FUNCTION.index("END $$;") + len("END $$;")]
_SET = "counts = EXCLUDED.counts, kinds = EXCLUDED.kinds\n"
assert _SET in _OLD_REFRESH
_NEW_REFRESH = _OLD_REFRESH.replace(
    _SET,
    "counts = EXCLUDED.counts, kinds = EXCLUDED.kinds,\n"
    "        changed = nextval('members_dutytotal_changed_seq')\n",
)

FORWARD = (
    """
CREATE SEQUENCE members_dutytotal_changed_seq;
ALTER TABLE members_dutytotal
    ADD COLUMN changed bigint NOT NULL DEFAULT nextval('members_dutytotal_changed_seq');
ALTER SEQUENCE members_dutytotal_changed_seq OWNED BY members_dutytotal.changed;
CREATE INDEX duty_total_changed ON members_dutytotal (changed);
"""
    + _NEW_REFRESH
)
BACKWARD = (
    """
DROP INDEX IF EXISTS duty_total_changed;
ALTER TABLE members_dutytotal DROP COLUMN IF EXISTS changed;
"""
    + _OLD_REFRESH
)


class Migration(migrations.Migration):
    dependencies = [("members", "0008_term_change_retention")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
