"""The navigation endpoint under generated hostile input: never a 500, and a refused request changes
nothing (no commit stored, the sequencing state as it was)."""

import json

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from content.lrs.services import launch_token_issue
from content.runtime.models import Attempt, RuntimeCommit
from content.runtime.services import actor_for, attempt_open
from tests.content import sequenced_courses as courses
from tests.content.runtime.conftest import enrolled_with_package
from tests.content.runtime.hostile_commits import DEEP, commits, odd_text, values

pytestmark = pytest.mark.django_db
URL = "/play/c/api/navigate/"

requests = (
    st.sampled_from(["start", "resume", "continue", "previous", "choice", "exit", "exitAll", "look"])
    | odd_text
)
targets = st.sampled_from(["lesson1", "lesson2", "lessons", "test", "", "\x00"]) | odd_text | values
bodies = st.fixed_dictionaries(
    {}, optional={"request": requests | values, "target": targets, "commit": commits | values}
).map(lambda body: json.dumps(body, allow_nan=True).encode())
raw_bodies = st.one_of(
    bodies,
    st.integers(min_value=1, max_value=DEEP).map(lambda depth: b'{"commit":' * depth + b"1" + b"}" * depth),
    st.binary(max_size=200),
    st.sampled_from([b"NaN", b"[]", b"null", b'{"request": "choice", "target": {"a": 1}}', b""]),
)


@pytest.fixture
def launched(settings):
    settings.SITE_URL = "http://localhost"
    settings.CONTENT_ORIGIN = "http://127.0.0.1"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    trainee, activity, _version = enrolled_with_package(courses.remediation())
    attempt = attempt_open(user=trainee, activity=activity)
    token = launch_token_issue(actor=actor_for(trainee), registration=attempt.registration)
    return attempt, token


def post(token: str, body: bytes):
    return Client().post(
        URL,
        data=body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
        HTTP_HOST="127.0.0.1",
    )


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=raw_bodies)
def test_hostile_navigation_never_fails_and_a_refusal_changes_nothing(launched, body):
    attempt, token = launched
    before = (
        RuntimeCommit.objects.count(),
        json.dumps(Attempt.objects.get(pk=attempt.pk).sequencing, sort_keys=True),
    )
    response = post(token, body)
    assert response.status_code in (200, 400, 413), response.status_code
    if response.status_code != 200:
        after = (
            RuntimeCommit.objects.count(),
            json.dumps(Attempt.objects.get(pk=attempt.pk).sequencing, sort_keys=True),
        )
        assert after == before


def test_without_the_launch_token_or_on_the_lms_origin_nothing_is_served(launched):
    attempt, token = launched
    body = json.dumps({"request": "start"}).encode()
    assert (
        Client().post(URL, data=body, content_type="application/json", HTTP_HOST="127.0.0.1").status_code
        == 401
    )
    response = Client().post(
        URL,
        data=body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
        HTTP_HOST="localhost",
    )
    assert response.status_code == 404
    assert Attempt.objects.get(pk=attempt.pk).sequencing == {}


def test_a_start_answers_the_part_to_show_its_start_data_and_what_is_offered(launched):
    _attempt, token = launched
    answer = post(token, json.dumps({"request": "resume"}).encode()).json()
    assert answer["deliver"] == "lesson1"
    assert answer["start"]["cmi.entry"] == "ab-initio"
    assert answer["offer"]["previous"] == "start"
    assert answer["offer"]["choice"]["test"] == {
        "refused": None,
        "hidden": False,
        "completed": None,
        "passed": None,
    }
