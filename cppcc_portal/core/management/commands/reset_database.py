"""Drop and recreate the development database (then `make demo` refills it)."""

import psycopg
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from psycopg import sql


class Command(BaseCommand):
    help = "Drop the database named in DATABASE_URL, create it again and migrate. Development only."

    def add_arguments(self, parser):
        parser.add_argument(
            "--yes", action="store_true", help="Confirm that every record will be lost."
        )

    def handle(self, *args, yes, **options):
        if not yes:
            raise CommandError("This deletes every record. Run again with --yes to confirm.")
        if not (settings.DEBUG or settings.TESTING):
            raise CommandError("Refusing to reset a database with DEBUG off.")
        db = settings.DATABASES["default"]
        connections.close_all()
        params = {
            k: v
            for k, v in {
                "host": db.get("HOST"),
                "port": db.get("PORT"),
                "user": db.get("USER"),
                "password": db.get("PASSWORD"),
            }.items()
            if v
        }
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(db["NAME"])
                )
            )
        call_command("ensure_database")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(self.style.SUCCESS("database reset"))
