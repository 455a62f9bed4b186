"""Create the configured PostgreSQL database if it is missing (UTF-8, C.UTF-8 ctype)."""

import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand
from psycopg import sql


class Command(BaseCommand):
    help = "Create the database named in DATABASE_URL if it does not exist."

    def handle(self, *args, **options):
        db = settings.DATABASES["default"]
        params = {
            "host": db.get("HOST") or None,
            "port": db.get("PORT") or None,
            "user": db.get("USER") or None,
            "password": db.get("PASSWORD") or None,
            "dbname": "postgres",
            "autocommit": True,
        }
        with psycopg.connect(**{k: v for k, v in params.items() if v is not None}) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]
            ).fetchone()
            if exists:
                self.stdout.write(f"database {db['NAME']} exists")
                return
            conn.execute(
                sql.SQL(
                    "CREATE DATABASE {} ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0"
                ).format(sql.Identifier(db["NAME"]))
            )
            self.stdout.write(self.style.SUCCESS(f"created database {db['NAME']}"))
