"""Build a realistic demo district. Each app contributes through `<app>/demo.py`: STEPS
(cppcc_portal.core.demodata)."""

import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from cppcc_portal.core.demodata import DEMO_PASSWORD, DemoContext, demo_steps


def has_real_data():
    from members.models import Member

    return Member.objects.filter(is_demo=False).exists()


class Command(BaseCommand):
    help = "Fill the database with a demo district (refuses to touch real data unless --force)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=int, default=1, help="Multiply the volumes (for benchmarks)."
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--force", action="store_true", help="Run even if real data is present."
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if any member exists."
        )

    def handle(self, *args, scale, seed, force, if_empty, **options):
        from members.models import Member

        if scale < 1 or scale > 100:
            raise CommandError("--scale must be between 1 and 100")
        if if_empty and Member.objects.exists():
            self.stdout.write("the database already holds members; demo data not loaded")
            return
        if has_real_data() and not force:
            raise CommandError(
                "This database holds real (non-demo) members; refusing. Use --force to override."
            )
        if Member.objects.filter(is_demo=True).exists():
            raise CommandError("Demo data is already loaded; use a fresh database (make reset-db).")
        ctx = DemoContext(
            scale=scale, rng=random.Random(seed), today=timezone.localdate(), stdout=self.stdout
        )
        started = time.monotonic()
        for seed in demo_steps():
            t0 = time.monotonic()
            with transaction.atomic():
                seed(ctx)
            # Fresh statistics after each part: the next part's queries (and the triggers
            # its writes fire) are planned on what is now there, not on empty tables.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            self.stdout.write(f"{seed.__module__}: {time.monotonic() - t0:.1f}s")
        # Fresh statistics: until autovacuum gets to the new rows, the planner misjudges the
        # ledger's size and picks plans 20× slower (the ranking: 700 ms instead of 36 ms).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(f"demo district ready in {time.monotonic() - started:.1f}s")
        )
        self.stdout.write("demo accounts (password: %s):" % DEMO_PASSWORD)
        for role, user in ctx.users.items():
            self.stdout.write(f"  {role:<20} {user.username}")
