"""Walk the audit log's hash chain; exit 1 naming the first broken link."""

from django.core.management.base import BaseCommand, CommandError

from cppcc_portal.audit.chain import verify


class Command(BaseCommand):
    help = "Verify the audit log's hash chain and report the first broken link."

    def handle(self, *args, **options):
        verdict = verify()
        if not verdict.ok:
            raise CommandError(
                f"audit chain broken at entry {verdict.broken_at}: {verdict.reason} "
                f"({verdict.checked} entries verified before it)"
            )
        self.stdout.write(
            f"audit chain intact: {verdict.checked} entries verified"
            + (f", {verdict.unchained} older entries without a hash" if verdict.unchained else "")
        )
