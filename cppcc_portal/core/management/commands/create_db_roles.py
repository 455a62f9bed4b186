"""Create the portal's runtime database role and its grants (see core.dbroles).

Run as the owner: with DATABASE_MIGRATE_URL set, management commands that change the
schema connect with it (settings.py). The runtime role is DATABASE_URL's user when the two
URLs name different users; otherwise (a developer machine, one URL) `<database>_app`.
Idempotent: `make db` and `make test` run it after migrating.
"""

import environ
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection

from cppcc_portal.core.dbroles import grant_runtime_role


class Command(BaseCommand):
    help = "Create the login role the portal runs as (owns nothing) and grant it rows only."

    def add_arguments(self, parser):
        parser.add_argument("--role", help="the runtime role (default: see the module doc)")
        parser.add_argument("--password", help="its password (default: DATABASE_URL's)")

    def handle(self, *args, role=None, password=None, **options):
        runtime = environ.Env.db_url_config(settings.RUNTIME_DATABASE_URL)
        owner_user = connection.settings_dict["USER"]
        database = connection.settings_dict["NAME"]
        if role is None:
            role = runtime.get("USER") if runtime.get("USER") != owner_user else f"{database}_app"
        if password is None and role == runtime.get("USER"):
            password = runtime.get("PASSWORD") or None
        with connection.cursor() as cursor:
            grant_runtime_role(cursor, role=role, password=password, database=database)
        self.stdout.write(f"runtime role {role}: rows only, audit log append-only")
