"""Restore a backup made by `backup`: the database (replacing its contents) and the files."""

import shutil
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from .backup import pg_env


class Command(BaseCommand):
    help = "Restore database.dump and media.tar.gz from a backup folder (replaces current data)."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="The backup folder.")
        parser.add_argument(
            "--yes", action="store_true", help="Confirm that current data will be replaced."
        )

    def handle(self, *args, folder, yes, **options):
        folder = Path(folder)
        if not yes:
            raise CommandError(
                "Restoring replaces the current database and files. Run again with --yes."
            )
        dump, media_tar = folder / "database.dump", folder / "media.tar.gz"
        if not dump.exists():
            raise CommandError(f"no database.dump in {folder}")
        connections.close_all()
        env, name = pg_env()
        result = subprocess.run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "-d",
                name,
                str(dump),
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise CommandError(f"pg_restore failed: {result.stderr.strip()[-2000:]}")
        media = Path(settings.MEDIA_ROOT)
        if media_tar.exists():
            if media.exists():
                shutil.rmtree(media)
            with tarfile.open(media_tar) as archive:
                archive.extractall(media.parent, filter="data")
            extracted = media.parent / "media"
            if extracted != media:
                extracted.rename(media)
        self.stdout.write(self.style.SUCCESS(f"restored from {folder}"))
