"""A task queued during a request runs in the real worker with the request's id on its log lines."""

import json
import time
import uuid

import pytest
from django.urls import reverse

from lms.people.models import User
from tests.integration import services


def _task_lines(request_id: str, timeout: float = 60) -> list[dict]:
    """The worker's JSON log lines with this request id, once its task has finished."""
    log = services.root() / "celery.log"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        lines = []
        for text in log.read_text(errors="replace").splitlines():
            if request_id in text and text.startswith("{"):
                lines.append(json.loads(text))
        if any(line.get("event") == "finished" for line in lines):
            return lines
        time.sleep(0.1)
    raise AssertionError(f"no finished task with request id {request_id} in {log}")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_task_a_request_queues_logs_with_the_request_id(celery_worker, client, sent_mail):
    email = f"reset-{uuid.uuid4().hex[:8]}@example.org"
    User.objects.create_user(email=email, password="old-password-123", full_name_ar="مدربة")
    request_id = uuid.uuid4().hex

    response = client.post(reverse("people:password_reset"), {"email": email}, HTTP_X_REQUEST_ID=request_id)

    assert response.status_code == 302
    assert response["X-Request-ID"] == request_id
    sent_mail(email)
    lines = _task_lines(request_id)
    assert {line["event"] for line in lines} == {"started", "finished"}
    assert all(line["task"] == "lms.people.tasks.email_send" for line in lines)
    (finished,) = [line for line in lines if line["event"] == "finished"]
    assert finished["state"] == "SUCCESS" and finished["level"] == "INFO" and finished["duration_ms"] >= 0


@pytest.mark.django_db
def test_metrics_show_the_queue_length_and_the_oldest_tasks_age(client, settings):
    import redis

    from lms.people.tasks import email_send

    # A queue no worker reads: the task waits there, as tasks do when every worker is busy.
    settings.CELERY_TASK_DEFAULT_QUEUE = queue = f"waiting-{uuid.uuid4().hex[:8]}"
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    try:
        email_send.apply_async(kwargs={"subject": "s", "body": "b", "to": ["a@example.org"]}, queue=queue)
        email_send.apply_async(kwargs={"subject": "s", "body": "b", "to": ["b@example.org"]}, queue=queue)
        deadline = time.monotonic() + 30
        while True:
            text = client.get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()
            age = _sample(text, f'tadrib_celery_queue_oldest_age_seconds{{queue="{queue}"}}')
            if age > 0 or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        assert _sample(text, f'tadrib_celery_queue_length{{queue="{queue}"}}') == 2
        assert 0 < age < 60
        assert _sample(text, "tadrib_celery_broker_up") == 1
    finally:
        broker.delete(queue)


def _sample(text: str, name: str) -> float:
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{name} not in /metrics:\n{text[:3000]}")
