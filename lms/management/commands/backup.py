"""``manage.py backup --to DIR``: the database and every stored file, consistent, with a manifest."""

import time
from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lms.backup.database import database_dump
from lms.backup.files import files_copy
from lms.backup.manifest import BackupRefused, Manifest, sha256_of, tadrib_version


class Command(BaseCommand):
    help = "Back up the database and the stored files into a new folder (restore with `restore --from`)."

    def add_arguments(self, parser):
        parser.add_argument("--to", required=True, type=Path, help="A new or empty folder for the backup.")

    def handle(self, *args, to: Path, **options) -> None:
        started = time.monotonic()
        if to.exists() and (not to.is_dir() or any(to.iterdir())):
            raise CommandError(f"{to} exists and is not an empty folder: back up into a new folder.")
        to.mkdir(parents=True, exist_ok=True)
        try:
            database_file, snapshot = database_dump(to)
            # After the snapshot: every file it refers to was stored before its row committed.
            files = files_copy(to)
        except BackupRefused as refusal:
            raise CommandError(str(refusal)) from None
        missing = sorted(
            f"{alias}:{name}" for alias, name in snapshot.references if name not in files.get(alias, {})
        )
        manifest = Manifest(
            tadrib_version=tadrib_version(),
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            engine=_engine(),
            database_file=database_file,
            database_sha256=sha256_of(to / database_file),
            database_bytes=(to / database_file).stat().st_size,
            migrations=snapshot.migrations,
            counts=snapshot.counts,
            files=files,
            missing_references=missing,
            seconds=round(time.monotonic() - started, 2),
        )
        manifest.write(to)  # last: a folder without it is an incomplete backup
        stored = sum(len(names) for names in files.values())
        size = manifest.database_bytes + sum(
            size for names in files.values() for _sha, size in names.values()
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {sum(snapshot.counts.values())} rows in {len(snapshot.counts)} tables and "
                f"{stored} files ({size / 1e6:.1f} MB) to {to} in {manifest.seconds} s."
            )
        )
        for reference in missing:
            self.stderr.write(
                f"Warning: the database refers to a file the storage does not have: {reference}"
            )


def _engine() -> str:
    from django.db import connection

    return connection.vendor
