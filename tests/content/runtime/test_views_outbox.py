"""The LMS page's outbox sends commits to its own origin with the launch token, nothing else."""

import json

import pytest
from django.test import Client

from content.lrs.services import launch_token_issue
from content.runtime.models import RuntimeCommit
from content.runtime.services import actor_for, attempt_open
from tests.lms.test_views_errors import LinkDroppedWhileSending

pytestmark = pytest.mark.django_db

URL = "/play/api/commit/"


@pytest.fixture
def origins(settings):
    settings.SITE_URL = "http://localhost"
    settings.CONTENT_ORIGIN = "http://127.0.0.1"


def _token(trainee, activity):
    attempt = attempt_open(user=trainee, activity=activity)
    token = launch_token_issue(
        actor=actor_for(trainee), registration=attempt.registration, activity_id=str(activity.pk)
    )
    return attempt, token


def _post(client: Client, token: str, body: dict, host: str = "localhost"):
    return client.post(
        URL,
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"} if token else {},
        HTTP_HOST=host,
    )


def test_a_commit_with_the_launch_token_is_stored_once_without_a_session_or_csrf_token(
    origins, scorm12_setup
):
    trainee, activity, _version = scorm12_setup
    attempt, token = _token(trainee, activity)
    client = Client(enforce_csrf_checks=True)
    body = {"sequence": 1, "session": 1, "item": "i1", "cmi": {"cmi.core.lesson_location": "p2"}}
    first = _post(client, token, body)
    again = _post(client, token, {**body, "cmi": {"cmi.core.lesson_location": "p9"}})
    assert first.status_code == again.status_code == 200
    assert first.json()["result"] is True
    stored = RuntimeCommit.objects.get(attempt=attempt)
    assert stored.cmi["cmi.core.lesson_location"] == "p2"


def test_without_a_valid_token_nothing_is_stored(origins, scorm12_setup):
    trainee, activity, _version = scorm12_setup
    _token(trainee, activity)
    body = {"sequence": 1, "item": "i1", "cmi": {}}
    assert _post(Client(), "", body).status_code == 401
    assert _post(Client(), "not-a-token", body).status_code == 401
    assert not RuntimeCommit.objects.exists()


def test_the_outbox_address_does_not_exist_on_the_content_origin(origins, scorm12_setup):
    trainee, activity, _version = scorm12_setup
    _attempt, token = _token(trainee, activity)
    body = {"sequence": 1, "item": "i1", "cmi": {}}
    assert _post(Client(), token, body, host="127.0.0.1").status_code == 404
    assert not RuntimeCommit.objects.exists()


def test_a_malformed_commit_is_refused_with_400(origins, scorm12_setup):
    trainee, activity, _version = scorm12_setup
    _attempt, token = _token(trainee, activity)
    assert _post(Client(), token, {"sequence": "x", "item": "i1", "cmi": {}}).status_code == 400
    assert _post(Client(), token, {"sequence": 1, "item": "nope", "cmi": {}}).status_code == 400
    assert not RuntimeCommit.objects.exists()


def test_a_commit_cut_off_by_a_dropped_link_is_a_408_and_nothing_is_stored(origins, scorm12_setup):
    """A phone losing its link half-way through sending: 408, after which the outbox sends the
    commit again (a 400 it would drop for good), never a 500 logged as a bug."""
    trainee, activity, _version = scorm12_setup
    _attempt, token = _token(trainee, activity)
    response = Client(raise_request_exception=False).generic(
        "POST",
        URL,
        b'{"sequence": 1, "item": "i1", "cmi": {}}',
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}", "Accept": "*/*"},
        HTTP_HOST="localhost",
        **{"wsgi.input": LinkDroppedWhileSending()},
    )
    assert response.status_code == 408
    assert "انقطع الاتصال" in response.json()["error"]
    assert not RuntimeCommit.objects.exists()
