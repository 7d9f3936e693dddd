"""The commit endpoint under generated hostile input (SQLite): never a 500, a refusal stores nothing;
and the requests the attack found each answer 400 or 404."""

import json

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings

from content.lrs.services import launch_token_issue
from content.runtime.models import RuntimeCommit
from content.runtime.services import actor_for, attempt_open
from tests.content.runtime.hostile_commits import check_commit, raw_bodies

pytestmark = pytest.mark.django_db


@pytest.fixture
def origins(settings):
    settings.SITE_URL = "http://localhost"
    settings.CONTENT_ORIGIN = "http://127.0.0.1"


@pytest.fixture
def launched(origins, scorm12_setup):
    trainee, activity, version = scorm12_setup
    attempt = attempt_open(user=trainee, activity=activity)
    token = launch_token_issue(actor=actor_for(trainee), registration=attempt.registration)
    return attempt, token, version


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=raw_bodies)
def test_hostile_commits_never_fail_and_a_refusal_stores_nothing(launched, body):
    attempt, token, _version = launched
    check_commit(Client(), token, attempt, body)


@pytest.mark.parametrize(
    "body",
    [
        {"sequence": 12345678901234567890, "item": "i1", "cmi": {}},
        {"sequence": 1, "session": 12345678901234567890, "item": "i1", "cmi": {}},
        {"sequence": 1, "session": float("inf"), "item": "i1", "cmi": {}},
        {"sequence": 1, "item": "i1", "cmi": {"cmi.suspend_data": "a\x00b"}},
        {"sequence": 1, "item": "i1", "cmi": {"cmi.suspend_data": "\ud800"}},
    ],
)
def test_the_commits_that_failed_are_refused(launched, body):
    _attempt, token, _version = launched
    response = Client().post(
        "/play/api/commit/",
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
        HTTP_HOST="localhost",
    )
    assert response.status_code == 400
    assert not RuntimeCommit.objects.exists()


def test_a_nul_in_a_package_file_address_is_not_found(launched):
    _attempt, _token, version = launched
    folder = version.storage_prefix.rstrip("/").rpartition("/")[2]
    for url in [
        "/play/c/files/%00/imsmanifest.xml",
        f"/play/c/files/{folder}/%00",
        f"/play/c/files/{folder}/a%00b",
    ]:
        assert Client().get(url, HTTP_HOST="127.0.0.1").status_code == 404, url
    assert Client().get(f"/play/c/files/{folder}/imsmanifest.xml", HTTP_HOST="127.0.0.1").status_code == 200
