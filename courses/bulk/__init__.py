"""Bulk enrolment: a staff list (CSV or Excel) read, mapped, checked in a dry run, then applied.

- ``reading``: open a CSV (UTF-8 with or without BOM, UTF-16, Windows-1256; delimiter sniffed) or
  an XLSX workbook, and yield its rows lazily.
- ``mapping``: our fields, and a guess of which column holds which from Arabic or English headers.
- ``checking``: every row cleaned and checked against the file and the database, chunk by chunk,
  the same code for the dry run and for the application.
- ``applying``: the application, in one transaction; progress and cancellation go through
  ``live`` (Django's cache), which other processes can read while the transaction runs.
- ``access``: which cohorts a staff member may fill from a list.
- ``running``: how the two background jobs are started (Celery, or a thread in the embedded mode).

The use cases themselves are ``courses.bulk.services``; the tasks are in ``courses.tasks``.
"""

from django.conf import settings

# The limits of one upload; a ``COURSES_BULK_<NAME>`` setting of the project overrides each.
DEFAULTS = {
    "MAX_FILE_BYTES": 20 * 1024 * 1024,
    "MAX_ROWS": 50_000,
    # Rows handled between two progress reports and two looks at the cancellation flag.
    "CHUNK_ROWS": 250,
    # Minutes a list may stay checking or applying after its job was queued, with no live job on
    # it, before beat queues the job again (a worker lost mid-task; ADR 0025).
    "STUCK_MINUTES": 10,
}


def limit(name: str) -> int:
    """The value of ``COURSES_BULK_<name>``: the project's setting, else the default."""
    return getattr(settings, f"COURSES_BULK_{name}", DEFAULTS[name])
