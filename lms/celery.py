"""The Celery application. Tasks are discovered in each installed app's ``tasks.py``.

In the embedded default no broker is configured and tasks run in-process (see settings);
production and the integration tier point ``CELERY_BROKER_URL`` at Redis and run a worker.

A task queued while the broker is out of reach is not queued, and says so in the log, but the
request that queued it goes on (ADR 0024): its rows are committed already (tasks are queued on
commit), and each task's design says how its work still gets done — a periodic sweep that finds
it (forwarding, analytics), or the person asking again (an e-mail, a PDF).
"""

import logging
import os
import time

from celery import Celery
from celery import Task as CeleryTask
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

logger = logging.getLogger(__name__)

# After the broker failed, tasks are not offered to it for this long: each try costs the request
# a connection attempt and the result store's reconnection (CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS).
PAUSE_SECONDS = 5.0
_paused_until = 0.0


def _out_of_reach(error: BaseException) -> bool:
    """A fault of the broker's connection, also as the Redis result store words it (a
    RuntimeError "Retry limit exceeded…" raised from the connection error)."""
    while error is not None:
        if isinstance(error, OperationalError | RedisError | ConnectionError):
            return True
        error = error.__cause__
    return False


class Task(CeleryTask):
    def apply_async(
        self,
        args=None,
        kwargs=None,
        task_id=None,
        producer=None,
        link=None,
        link_error=None,
        shadow=None,
        **options,
    ):
        global _paused_until
        if time.monotonic() >= _paused_until:
            try:
                return super().apply_async(
                    args, kwargs, task_id, producer, link, link_error, shadow, **options
                )
            except Exception as error:
                if not _out_of_reach(error):
                    raise
                _paused_until = time.monotonic() + PAUSE_SECONDS
                reason = str(error).strip()
        else:
            reason = "it failed moments ago"
        # The arguments' names only: an e-mail's body holds a password-reset link.
        logger.error(
            "The task broker is out of reach (%s): %s was not queued (arguments: %s).",
            reason,
            self.name,
            ", ".join(sorted(kwargs or {})) or len(args or ()),
        )
        return None


app = Celery("lms", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
