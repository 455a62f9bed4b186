from datetime import date

from django.core.management.base import BaseCommand, CommandError

from cppcc_portal.notifications.reminders import scan


class Command(BaseCommand):
    help = "Send the deadline reminders that are due (what the periodic Celery task does)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            dest="on",
            help="Scan as if today were this date (YYYY-MM-DD), e.g. to catch up.",
        )
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, on=None, batch_size=500, **options):
        today = None
        if on:
            try:
                today = date.fromisoformat(on)
            except ValueError:
                raise CommandError("--date must look like 2025-10-08")
        result = scan(today=today, batch_size=batch_size)
        self.stdout.write(
            "scanned {deadlines} deadlines, marked {overdue_marked} overdue, "
            "sent {reminders} reminders ({notifications} notifications)".format(**result)
        )
