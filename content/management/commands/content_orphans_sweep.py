"""Removes package folders that no version names (left by an upload killed half-way)."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandParser

from content.packages.storage import ORPHAN_GRACE, orphans_sweep


class Command(BaseCommand):
    help = "Remove content package folders in storage that no package version names."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than-hours",
            type=float,
            default=ORPHAN_GRACE.total_seconds() / 3600,
            help="Leave folders changed more recently than this (an upload may still be running).",
        )
        parser.add_argument("--dry-run", action="store_true", help="List the folders, remove nothing.")

    def handle(self, *args: object, **options: object) -> None:
        grace = timedelta(hours=float(options["older_than_hours"]))
        removed = orphans_sweep(grace=grace, dry_run=bool(options["dry_run"]))
        for prefix in removed:
            self.stdout.write(prefix)
        verb = "Would remove" if options["dry_run"] else "Removed"
        self.stdout.write(f"{verb} {len(removed)} orphaned package folder(s).")
