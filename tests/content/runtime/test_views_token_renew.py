"""A lesson's outbox whose launch token ran out (an exam-time outage, ADR 0025) gets a fresh one for
the same attempt with the trainee's session and CSRF token; nobody else's, never on the content
origin, and hostile input is refused without a 500 and without a token."""

import json
import uuid

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from content.lrs.models import LaunchToken
from content.lrs.services import launch_token_issue
from content.runtime.services import actor_for, attempt_open
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/play/api/token/"
COMMIT = "/play/api/commit/"


@pytest.fixture
def origins(settings):
    settings.SITE_URL = "http://localhost"
    settings.CONTENT_ORIGIN = "http://127.0.0.1"


def _commit(token: str, sequence: int):
    body = {
        "sequence": sequence,
        "session": 1,
        "item": "i1",
        "cmi": {"cmi.core.lesson_location": f"p{sequence}"},
    }
    return Client().post(
        COMMIT,
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
        HTTP_HOST="localhost",
    )


def _signed_in(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.cookies["csrftoken"] = "x" * 32
    return client


def _renew(client: Client, registration, host: str = "localhost"):
    return client.post(
        URL, {"registration": str(registration)}, HTTP_HOST=host, headers={"X-CSRFToken": "x" * 32}
    )


def test_an_expired_token_is_exchanged_for_a_fresh_one_of_the_same_attempt(origins, scorm12_setup):
    trainee, activity, _version = scorm12_setup
    attempt = attempt_open(user=trainee, activity=activity)
    old = launch_token_issue(
        actor=actor_for(trainee), registration=attempt.registration, activity_id=str(activity.pk)
    )
    LaunchToken.objects.update(expires_at=timezone.now())
    assert _commit(old, 1).status_code == 401

    response = _renew(_signed_in(trainee), attempt.registration)

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert _commit(response.json()["token"], 1).status_code == 200


def test_no_token_for_another_trainees_attempt_without_a_session_or_csrf_or_on_the_content_origin(
    origins, scorm12_setup
):
    trainee, activity, _version = scorm12_setup
    attempt = attempt_open(user=trainee, activity=activity)
    before = LaunchToken.objects.count()

    assert _renew(_signed_in(UserFactory()), attempt.registration).status_code == 404
    assert _renew(Client(enforce_csrf_checks=True), attempt.registration).status_code in (302, 403)
    no_csrf = Client(enforce_csrf_checks=True)
    no_csrf.force_login(trainee)
    assert (
        no_csrf.post(URL, {"registration": str(attempt.registration)}, HTTP_HOST="localhost").status_code
        == 403
    )
    assert _renew(_signed_in(trainee), attempt.registration, host="127.0.0.1").status_code == 404
    assert LaunchToken.objects.count() == before


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(registration=st.one_of(st.text(max_size=60), st.uuids().map(str), st.binary(max_size=40).map(repr)))
def test_hostile_registrations_are_refused_without_a_500_and_without_a_token(
    origins, scorm12_setup, registration
):
    trainee, activity, _version = scorm12_setup
    attempt = attempt_open(user=trainee, activity=activity)
    before = LaunchToken.objects.count()
    response = _renew(_signed_in(trainee), registration.replace("\x00", ""))
    if registration != str(attempt.registration):
        assert response.status_code in (400, 404)
        assert LaunchToken.objects.count() == before
    assert response.status_code < 500
    assert uuid.UUID(str(attempt.registration))
