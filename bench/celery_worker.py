"""``celery -A lms worker`` that also counts, in each pool process, the CPU time spent inside each
task by task name, so a benchmark can tell the tasks' own work from Celery's (the consumer, the
pool's messaging, the result backend) and from each process's start.

    .venv/bin/python -m bench.celery_worker --concurrency=2 ...   # the worker's own arguments

Each pool process writes ``$BENCH_TASK_CPU_DIR/<pid>.json`` after every task: its CPU time at
start, and per task name the count and the CPU milliseconds (``time.process_time``) between
``task_prerun`` and ``task_postrun``, plus those of its first task of each name (the process's
warm-up: imports, fonts, caches). Only the benchmarks use it; production runs plain celery.
"""

import json
import os
import sys
import time
from pathlib import Path

from celery.signals import task_postrun, task_prerun, worker_process_init

from lms.celery import app

_started: list[float] = [0.0]
_figures: dict = {"init_ms": 0.0, "tasks": {}}


@worker_process_init.connect
def _process_started(**_kwargs) -> None:
    _figures["init_ms"] = time.process_time() * 1000


@task_prerun.connect
def _task_started(**_kwargs) -> None:
    _started[0] = time.process_time()


@task_postrun.connect
def _task_ended(*, task, **_kwargs) -> None:
    spent = (time.process_time() - _started[0]) * 1000
    figures = _figures["tasks"].setdefault(task.name, {"count": 0, "ms": 0.0, "first_ms": spent})
    figures["count"] += 1
    figures["ms"] += spent
    # Written aside and renamed: the benchmark reads the files while the tasks run.
    path = Path(os.environ["BENCH_TASK_CPU_DIR"], f"{os.getpid()}.json")
    path.with_suffix(".part").write_text(json.dumps(_figures))
    path.with_suffix(".part").replace(path)


if __name__ == "__main__":
    app.worker_main(["worker", *sys.argv[1:]])
