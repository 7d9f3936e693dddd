"""Rebuild the training-records fact table from every enrolment."""

import time

from django.core.management.base import BaseCommand

from analytics.records.services import records_rebuild


class Command(BaseCommand):
    help = "Rebuild the training-records fact table in full from the lower apps."

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        written = records_rebuild()
        self.stdout.write(f"{written} training records in {time.perf_counter() - started:.1f} s.")
