"""Celery workers that a fault test starts, kills with SIGKILL mid-task, and starts again.

Each test gets a queue of its own: the tasks the test process queues are routed to it
(``own_queue``), and the workers started here take only that queue (``worker_settings``), so
the session's worker never runs them. A worker runs with the solo pool: killing it loses the
whole worker, as a power cut or the OOM killer would — its message stays unacknowledged in Redis
until the visibility timeout (``CELERY_VISIBILITY_TIMEOUT``, the production setting), which
these workers set to a few seconds — or to production's hour, for a test showing that beat's
sweep resumes the work without it.
"""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable

import psycopg
from django.conf import settings
from django.db import connection

from tests.integration import services

# Seconds before a killed worker's message goes to the next worker: short, for the test only.
VISIBILITY_TIMEOUT = 2
# Production's (lms/settings/base.py): a killed worker's message stays away for the whole test.
PRODUCTION_VISIBILITY_TIMEOUT = 3600


def wait_for(condition: Callable[[], object], *, what: str, timeout: float = 60) -> object:
    """Poll ``condition`` until it returns something true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.05)
    raise AssertionError(f"after {timeout} s still waiting for {what}")


class Worker:
    """One ``celery worker`` process on the test database, taking ``queue``."""

    def __init__(self, queue: str, name: str, *, visibility_timeout: int = VISIBILITY_TIMEOUT) -> None:
        self.queue = queue
        self.name = name
        self.visibility_timeout = visibility_timeout
        self.process: subprocess.Popen | None = None
        self.killed_at: float | None = None
        self.log_path = services.root() / f"celery-{queue}-{name}.log"

    def start(self) -> "Worker":
        database = connection.settings_dict
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
            "DJANGO_SETTINGS_MODULE": "tests.integration.worker_settings",
            "TADRIB_TEST_QUEUE": self.queue,
            "CELERY_VISIBILITY_TIMEOUT": str(self.visibility_timeout),
        }
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                [
                    *(sys.executable, "-m", "celery", "-A", "lms", "worker", "--pool=solo"),
                    *("--loglevel=info", f"--hostname={self.name}-{self.queue}@localhost"),
                    *("--without-mingle", "--without-gossip", "--without-heartbeat"),
                ],
                cwd=settings.BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    def kill(self) -> None:
        """SIGKILL: no clean shutdown, no acknowledgement, no rollback by the worker itself."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        self.killed_at = time.monotonic()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-3000:]


def after_visibility_timeout(killed: Worker) -> None:
    """Wait until Redis would hand the killed worker's unacknowledged message to another worker.

    The next worker looks for such messages as it starts (and then every 100 s): starting it
    before the timeout has passed would leave the message waiting for the next look.
    """
    assert killed.killed_at is not None
    wait_for(
        lambda: time.monotonic() - killed.killed_at > VISIBILITY_TIMEOUT + 0.5,
        what="the visibility timeout",
    )


class Blocker:
    """Another database session holding a lock, so that a worker's task stops half-way at a
    known point and waits there with its uncommitted rows (then killed, PostgreSQL rolls it back)."""

    def __init__(self) -> None:
        database = connection.settings_dict
        params = {"host": database["HOST"], "port": database["PORT"], "user": database["USER"]}
        self.connection = psycopg.connect(**params, dbname=database["NAME"])
        self.pid = self.connection.info.backend_pid
        # Looked at from outside the lock's transaction: inside it, PostgreSQL would show the
        # sessions as they were at the transaction's first look.
        self.watch = psycopg.connect(**params, dbname=database["NAME"], autocommit=True)

    def hold(self, sql: str, params: tuple = ()) -> None:
        self.connection.execute(sql, params)

    def waiting_writer(self) -> int | None:
        """The pid of a session blocked by our lock after writing rows of its own, if any."""
        row = self.watch.execute(
            """SELECT pid FROM pg_stat_activity
               WHERE datname = current_database() AND wait_event_type = 'Lock'
                 AND backend_xid IS NOT NULL AND %s = ANY(pg_blocking_pids(pid))""",
            (self.pid,),
        ).fetchone()
        return row[0] if row else None

    def session_gone(self, pid: int) -> bool:
        return not self.watch.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone()

    def release(self) -> None:
        self.connection.rollback()

    def close(self) -> None:
        self.connection.close()
        self.watch.close()
