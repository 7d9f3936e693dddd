"""Celery's side: the request id travels with each task, and each task run is logged and counted.

A task queued during a request gets the request's id in its message headers (``request_id``) and
the time it was queued (``published_at``, for the queue-age metric). The worker sets the id for
the task's run, so the task's log lines carry the id of the request that asked for it.
"""

import logging
import time

from celery import signals

from .metrics import TASK_DURATION, TASKS
from .requestid import _current, request_id

log = logging.getLogger("tadrib.task")
# task id -> (context token, start time) of the runs in progress in this process
_running: dict[str, tuple[object, float]] = {}


def _published(headers: dict | None = None, **kwargs) -> None:
    if headers is None:
        return
    if (current := request_id()) and not headers.get("request_id"):
        headers["request_id"] = current
    headers.setdefault("published_at", time.time())


def _started(task_id: str | None = None, task=None, **kwargs) -> None:
    given = getattr(task.request, "request_id", None) if task is not None else None
    # Eager (in-process) tasks already run inside the request's context; only a message sets it.
    token = _current.set(given or request_id() or f"task-{task_id}")
    _running[task_id] = (token, time.perf_counter())
    log.info("task %s started", task.name, extra={"task": task.name, "task_id": task_id, "event": "started"})


def _finished(task_id: str | None = None, task=None, state: str | None = None, **kwargs) -> None:
    token, started = _running.pop(task_id, (None, time.perf_counter()))
    seconds = time.perf_counter() - started
    TASKS.labels(task.name, state or "UNKNOWN").inc()
    TASK_DURATION.labels(task.name).observe(seconds)
    level = logging.WARNING if state == "FAILURE" else logging.INFO
    log.log(
        level,
        "task %s %s",
        task.name,
        (state or "").lower(),
        extra={
            "task": task.name,
            "task_id": task_id,
            "event": "finished",
            "state": state,
            "duration_ms": round(seconds * 1000, 1),
        },
    )
    if token is not None:
        _current.reset(token)


def connect() -> None:
    """Called once from LmsConfig.ready(), in web and worker processes alike."""
    signals.before_task_publish.connect(_published, weak=False, dispatch_uid="tadrib.published")
    signals.task_prerun.connect(_started, weak=False, dispatch_uid="tadrib.started")
    signals.task_postrun.connect(_finished, weak=False, dispatch_uid="tadrib.finished")
