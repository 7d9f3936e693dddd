"""The commit endpoint under generated hostile input on PostgreSQL, which refuses what SQLite lets
through (NUL in text and JSON, integers past 32 bits): never a 500, a refusal stores nothing."""

import json

import pytest
from django.db import connection
from django.test import Client
from hypothesis import HealthCheck, given, settings

from content.lrs.services import launch_token_issue
from content.runtime.models import RuntimeCommit
from content.runtime.services import actor_for, attempt_open
from tests.content.packages.builders import scorm12
from tests.content.runtime.conftest import enrolled_with_package
from tests.content.runtime.hostile_commits import check_commit, raw_bodies

pytestmark = pytest.mark.django_db


@pytest.fixture
def launched(settings):
    settings.SITE_URL = "http://localhost"
    settings.CONTENT_ORIGIN = "http://127.0.0.1"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    trainee, activity, _version = enrolled_with_package(scorm12())
    attempt = attempt_open(user=trainee, activity=activity)
    return attempt, launch_token_issue(actor=actor_for(trainee), registration=attempt.registration)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=raw_bodies)
def test_hostile_commits_never_fail_and_a_refusal_stores_nothing(launched, body):
    assert connection.vendor == "postgresql"
    attempt, token = launched
    check_commit(Client(), token, attempt, body)


@pytest.mark.parametrize(
    "body",
    [
        {"sequence": 12345678901234567890, "item": "i1", "cmi": {}},
        {"sequence": 1, "item": "i1", "cmi": {"cmi.suspend_data": "a\x00b"}},
    ],
)
def test_the_commits_that_failed_on_postgresql_are_refused(launched, body):
    _attempt, token = launched
    response = Client().post(
        "/play/api/commit/",
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
        HTTP_HOST="localhost",
    )
    assert response.status_code == 400
    assert not RuntimeCommit.objects.exists()


def test_a_nul_in_a_package_folder_is_not_found(launched):
    assert Client().get("/play/c/files/%00/imsmanifest.xml", HTTP_HOST="127.0.0.1").status_code == 404
