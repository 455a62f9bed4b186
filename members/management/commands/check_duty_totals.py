"""Recompute the kept duty totals from the ledger and report every difference:
`manage.py check_duty_totals [--year 2026] [--fix]`. Exits non-zero when any differs."""

import sys

from django.core.management.base import BaseCommand
from django.db import connection, transaction


class Command(BaseCommand):
    help = "Compare the kept member-year duty totals with the ledger (non-zero exit on any gap)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None)
        parser.add_argument(
            "--fix", action="store_true", help="Refresh the differing rows from the ledger."
        )

    def handle(self, *args, year, fix, **options):
        from members.totals import differences

        found = differences(year)
        for difference in found[:50]:
            self.stdout.write(str(difference))
        if not found:
            self.stdout.write(self.style.SUCCESS("duty totals match the ledger"))
            return
        self.stdout.write(self.style.ERROR(f"{len(found)} member-years differ"))
        if fix:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "SELECT members_refresh_duty_totals(%s::bigint[], %s::int[])",
                    [[d.member_id for d in found], [d.year for d in found]],
                )
            self.stdout.write(f"refreshed {len(found)} member-years")
        sys.exit(1)
