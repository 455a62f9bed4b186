"""Recompute a year's stored duty points from the current points table (on request, never
silently): `manage.py recompute_duty_points --year 2026 [--queue]`."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class Command(BaseCommand):
    help = "Apply the current points table to every table-priced record of a year."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None)
        parser.add_argument(
            "--queue", action="store_true", help="Leave it to a Celery worker instead."
        )

    def handle(self, *args, year, queue, **options):
        from members.models import PointsRecompute
        from members.services import run_recompute

        year = year or timezone.localdate().year
        if not (2000 <= year <= 2100):
            raise CommandError("--year must be a valid year")
        admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
        job = PointsRecompute.objects.create(year=year, requested_by=admin)
        if queue:
            from members.tasks import recompute_points

            recompute_points.delay(job.pk)
            self.stdout.write(f"recompute of {year} queued (job {job.pk})")
            return
        job = run_recompute(job_id=job.pk)
        self.stdout.write(
            self.style.SUCCESS(f"{year}: {job.rows_changed} records changed in {job.seconds:.2f}s")
        )
