"""Mask the personal data of members who left, past the retention period [L].

manage.py mask_personal_data --dry-run     # list who is due, write nothing
manage.py mask_personal_data               # mask them (audited)
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from members.terms.retention import mask_expired


class Command(BaseCommand):
    help = "Mask phone, ID number and address of members who left, past the retention period."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List only; write nothing.")
        parser.add_argument("--user", help="The administrator recorded in the audit log.")

    def handle(self, *args, dry_run=False, user=None, **options):
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(_("No such user: %(u)s") % {"u": user})
        due = mask_expired(actor=actor, dry_run=dry_run)
        for item in due:
            self.stdout.write(
                f"{item.member.number}\t{item.member.name}\t"
                f"{item.last_term_end.isoformat()}\t{item.due_on.isoformat()}"
            )
        if dry_run:
            self.stdout.write(_("%(n)d members due; nothing written (dry run).") % {"n": len(due)})
        else:
            self.stdout.write(_("%(n)d members masked.") % {"n": len(due)})
