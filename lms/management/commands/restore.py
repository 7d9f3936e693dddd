"""``manage.py restore --from DIR``: a backup into an empty database and storage, or nothing at all."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lms.backup.database import counts_read, database_empty_check, database_load
from lms.backup.files import files_conflict_check, files_remove, files_restore
from lms.backup.manifest import BackupRefused, Manifest, integrity_check, schema_check


class Command(BaseCommand):
    help = "Restore a backup made by `backup --to` into an empty database (and storage)."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", required=True, type=Path, help="The backup's folder.")

    def handle(self, *args, source: Path, **options) -> None:
        started = time.monotonic()
        try:
            # Every check first: a refused restore changes nothing.
            manifest = Manifest.read(source)
            schema_check(manifest)
            integrity_check(manifest, source)
            database_empty_check()
            files_conflict_check(manifest.files, source)
            written = files_restore(manifest.files, source)
            try:
                database_load(source / manifest.database_file)
            except BaseException:
                files_remove(written)
                raise
        except BackupRefused as refusal:
            raise CommandError(f"Nothing was restored. {refusal}") from None
        counts = counts_read()
        differ = sorted(table for table, count in manifest.counts.items() if counts.get(table) != count)
        if differ:
            raise CommandError(
                f"The restored database differs from the backup's counts in: {', '.join(differ)}."
            )
        stored = sum(len(names) for names in manifest.files.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {sum(counts.values())} rows and {stored} files from {source} (made "
                f"{manifest.created_at} by Tadrib {manifest.tadrib_version}) in {time.monotonic() - started:.1f} s. "
                "Run `manage.py migrate` if this version of Tadrib is newer than the backup's."
            )
        )
