"""How the background jobs start: a Celery worker, a thread in the embedded mode, or in place."""

import pytest

from courses.bulk import running


class FakeTask:
    def __init__(self):
        self.calls = []

    def delay(self, bulk_id):
        self.calls.append(("worker", bulk_id))

    def apply(self, args):
        self.calls.append(("here", *args))


@pytest.fixture
def task():
    return FakeTask()


def test_with_a_broker_a_worker_runs_the_job(task, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    running._start(task, 7)
    assert task.calls == [("worker", 7)]


def test_without_a_broker_a_thread_runs_the_job_when_it_can_share_the_database(task, settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    monkeypatch.setattr(running, "_database_shared_between_threads", lambda: True)
    started = []
    monkeypatch.setattr(running.threading.Thread, "start", lambda thread: started.append(thread.name))
    running._start(task, 7)
    assert started == ["bulk-enrolment-7"]
    assert task.calls == []


@pytest.mark.django_db
def test_with_a_database_in_memory_the_job_runs_in_place(task, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    running._start(task, 7)
    assert task.calls == [("here", 7)]


def test_a_thread_runs_the_task_and_lets_go_of_its_connections(task, monkeypatch):
    closed = []
    monkeypatch.setattr(running.connections, "close_all", lambda: closed.append(True))
    running._run(task, 7)
    assert task.calls == [("here", 7)]
    assert closed == [True]
