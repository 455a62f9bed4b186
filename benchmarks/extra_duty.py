"""How long a points-table change takes to reach a whole year (one UPDATE … FROM join)."""

from decimal import Decimal


def run(scale):
    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone

    from members.models import DutyRecord, PointRule
    from members.points import recompute_year

    rows = []
    this_year = timezone.localdate().year
    for year in (this_year, this_year - 1):
        records = DutyRecord.objects.filter(year=year, voided_at__isnull=True).count()
        with transaction.atomic():
            # Every default row changes: nearly every record of the year must be rewritten.
            PointRule.objects.filter(term__isnull=True).update(points=F("points") + Decimal("1"))
            changed, seconds = recompute_year(year)
            transaction.set_rollback(True)  # leave the benchmark database as it was
        rows.append(
            {
                "name": f"points recompute, whole table changed ({'this' if year == this_year else 'last'} year)",
                "records_in_year": records,
                "records_changed": changed,
                "seconds": round(seconds, 2),
            }
        )
    year = this_year - 1
    with transaction.atomic():
        # The usual change: one kind's points (speeches) for a past year.
        PointRule.objects.filter(term__isnull=True, kind="speech").update(
            points=F("points") + Decimal("1")
        )
        changed, seconds = recompute_year(year)
        transaction.set_rollback(True)
    rows.append(
        {
            "name": "points recompute, one kind changed (last year)",
            "records_changed": changed,
            "seconds": round(seconds, 2),
        }
    )
    return rows
