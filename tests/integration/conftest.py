"""The integration tier's fixtures: a real Celery worker, in its own process, on the test database.

PostgreSQL and Redis are started earlier, by the ``tests.integration.services`` plugin; without it
these tests would run against the unit tier's SQLite and in-process tasks, so they are skipped.
"""

import atexit
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings

from lms.celery import app as celery_app
from tests.integration import workers

PLUGIN = "tests.integration.services"
HERE = Path(__file__).parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    plugin_loaded = config.pluginmanager.has_plugin(PLUGIN)
    skip = pytest.mark.skip(reason=f"needs the services plugin: pytest -p {PLUGIN} (make test-integration)")
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.integration)
            if not plugin_loaded:
                item.add_marker(skip)


# The session's worker, once a test has started it: it keeps running for every later test.
_workers_running: list[str] = []


@pytest.fixture(autouse=True)
def worker_idle_before_the_flush(request: pytest.FixtureRequest) -> Iterator[None]:
    """A transactional test's work can queue tasks (a certificate, the summaries) that the session's
    worker is still running when the test ends; the flush's TRUNCATE then deadlocked with it (seen
    once, after the concurrent-completion test). Set up after the database, so torn down before
    its flush: waits until the worker holds no task, 30 s at most."""
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")) and "transactional_db" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    if not _workers_running:
        return
    inspect = celery_app.control.inspect(destination=_workers_running, timeout=1, limit=len(_workers_running))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        held = [(inspect.active() or {}), (inspect.reserved() or {})]
        if not any(tasks for replies in held for tasks in replies.values()):
            return
        time.sleep(0.2)


@pytest.fixture(scope="session")
def celery_worker(django_db_setup) -> Iterator[str]:
    """Start ``celery worker`` on pytest-django's test database; yield its hostname."""
    from django.db import connection

    from tests.integration import services

    database = connection.settings_dict
    hostname = f"integration-{os.getpid()}@localhost"
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "LOG_FORMAT": "json",  # as in production: task lines are read back by the observability tests
    }
    log_path = services.root() / "celery.log"
    with log_path.open("w") as log:
        worker = subprocess.Popen(
            [
                *(sys.executable, "-m", "celery", "-A", "lms", "worker"),
                *("--pool=solo", "--concurrency=1", "--loglevel=warning", f"--hostname={hostname}"),
                *("--without-mingle", "--without-gossip"),  # one worker: nobody to sync with
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C at the terminal is for pytest, which then stops the worker
        )
    atexit.register(worker.kill)  # in case pytest exits without tearing fixtures down
    try:
        deadline = time.monotonic() + 30
        while not celery_app.control.ping(destination=[hostname], timeout=0.5):
            if worker.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the Celery worker did not answer:\n{log_path.read_text()[-3000:]}")
        _workers_running.append(hostname)
        yield hostname
    finally:
        _workers_running.remove(hostname)
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


@pytest.fixture
def sent_mail() -> Callable[[str], str]:
    """Wait for the e-mail file (written by the worker) that contains a text; return the file's text."""
    directory = Path(settings.EMAIL_FILE_PATH)

    def containing(text: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for path in directory.glob("*.log"):
                content = path.read_text(errors="replace")
                # The file backend ends each message with a line of dashes: the file is complete.
                if text in content and content.rstrip().endswith("-" * 79):
                    return content
            time.sleep(0.1)
        raise AssertionError(f"no e-mail containing {text!r} in {directory} after {timeout} s")

    return containing


@pytest.fixture
def own_queue() -> Iterator[str]:
    """A queue for this test's tasks, and the test process's tasks routed to it."""
    queue = f"faults-{uuid.uuid4().hex[:8]}"
    amqp = celery_app.amqp
    before = celery_app.conf.task_routes
    celery_app.conf.task_routes = {"*": {"queue": queue}}
    amqp.flush_routes()
    amqp.router = amqp.Router()
    try:
        yield queue
    finally:
        celery_app.conf.task_routes = before
        amqp.flush_routes()
        amqp.router = amqp.Router()


@pytest.fixture
def worker_processes(own_queue: str) -> Iterator[Callable[[str], workers.Worker]]:
    """``worker_processes(name, visibility_timeout=…)`` starts a worker on the test's queue; all
    are stopped at the end."""
    started: list[workers.Worker] = []

    def start(name: str, **options) -> workers.Worker:
        worker = workers.Worker(own_queue, name, **options).start()
        started.append(worker)
        return worker

    try:
        yield start
    finally:
        for worker in started:
            worker.stop()
