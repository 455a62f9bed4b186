"""Back up the database (pg_dump, custom format) and the uploaded files into one folder."""

import os
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


def pg_env():
    db = settings.DATABASES["default"]
    env = {**os.environ}
    for key, var in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if db.get(key):
            env[var] = str(db[key])
    return env, db["NAME"]


class Command(BaseCommand):
    help = "Write database.dump and media.tar.gz into backups/<timestamp>/ (or --dest)."

    def add_arguments(self, parser):
        parser.add_argument("--dest", help="Folder to write into (default backups/<timestamp>).")

    def handle(self, *args, dest=None, **options):
        folder = Path(
            dest
            or Path(settings.BASE_DIR) / "backups" / timezone.localtime().strftime("%Y%m%d-%H%M%S")
        )
        folder.mkdir(parents=True, exist_ok=True)
        env, name = pg_env()
        dump = folder / "database.dump"
        result = subprocess.run(
            ["pg_dump", "-Fc", "--no-owner", "-f", str(dump), name],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
        media = Path(settings.MEDIA_ROOT)
        with tarfile.open(folder / "media.tar.gz", "w:gz") as archive:
            if media.exists():
                archive.add(media, arcname="media")
        self.stdout.write(self.style.SUCCESS(f"backup written to {folder}"))
        return str(folder)
