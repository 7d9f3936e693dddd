"""Starting the two background jobs (the dry run and the application) once the request commits.

With a broker (production, the integration tier) the job is a Celery task run by a worker. In
the embedded mode Celery has no broker and runs tasks in the calling thread: a 10,000-row list
would keep the person's request waiting with no progress bar, so there the task runs in a
background thread of the web process instead, and the progress page reads its progress from the
shared local-memory cache (``courses.bulk.live``). A SQLite database in memory (the unit tests)
cannot be shared with another thread's connection, so there the task runs in the caller's thread.
"""

import logging
import threading

from celery import Task
from django.conf import settings
from django.db import connection, connections, transaction

logger = logging.getLogger(__name__)


def queue(task: Task, bulk_id: int) -> None:
    """Run ``task(bulk_id)`` after the current transaction commits."""
    transaction.on_commit(lambda: _start(task, bulk_id))


def _start(task: Task, bulk_id: int) -> None:
    if not getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        task.delay(bulk_id)
    elif _database_shared_between_threads():
        threading.Thread(
            target=_run, args=(task, bulk_id), name=f"bulk-enrolment-{bulk_id}", daemon=True
        ).start()
    else:
        task.apply(args=(bulk_id,))


def _database_shared_between_threads() -> bool:
    return not (connection.vendor == "sqlite" and connection.is_in_memory_db())


def _run(task: Task, bulk_id: int) -> None:
    try:
        task.apply(args=(bulk_id,))
    except Exception:
        logger.exception("Bulk enrolment %s: background job failed", bulk_id)
    finally:
        connections.close_all()
