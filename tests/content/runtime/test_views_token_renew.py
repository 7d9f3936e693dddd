"""A lesson's outbox whose launch token ran out (an exam-time outage, ADR 0025) gets a fresh one for
the same attempt with the trainee's session and CSRF token; nobody else's, never on the content
origin, and hostile input is refused without a 500 and without a token. The fresh token, handed to
the player frame, serves its SCORM 2004 navigation and closing commit."""

import json

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from content.lrs.models import LaunchToken
from content.lrs.services import launch_token_issue
from content.runtime.models import RuntimeCommit
from content.runtime.services import actor_for, attempt_open
from tests.content import sequenced_courses as courses
from tests.content.runtime.conftest import enrolled_with_package
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
    assert _renew(Client(enforce_csrf_checks=True), attempt.registration).status_code in (401, 403)
    no_csrf = Client(enforce_csrf_checks=True)
    no_csrf.force_login(trainee)
    assert (
        no_csrf.post(URL, {"registration": str(attempt.registration)}, HTTP_HOST="localhost").status_code
        == 403
    )
    assert _renew(_signed_in(trainee), attempt.registration, host="127.0.0.1").status_code == 404
    assert LaunchToken.objects.count() == before


def test_the_lesson_page_tells_its_outbox_the_tokens_life_to_renew_it_ahead_of_its_end(
    origins, scorm12_setup, settings
):
    trainee, activity, _version = scorm12_setup
    settings.LRS_LAUNCH_TOKEN_SECONDS = 3600
    client = Client()
    client.force_login(trainee)
    response = client.get(f"/play/activity/{activity.pk}/", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert 'data-token-seconds="3600"' in response.content.decode()


def test_a_session_gone_during_the_outage_is_refused_plainly_so_the_outbox_stops_asking(
    origins, scorm12_setup
):
    trainee, activity, _version = scorm12_setup
    attempt = attempt_open(user=trainee, activity=activity)
    client = _signed_in(trainee)
    client.logout()  # signed out elsewhere, or the session expired: the CSRF cookie is still there
    client.cookies["csrftoken"] = "x" * 32
    before = LaunchToken.objects.count()

    response = _renew(client, attempt.registration)

    # A 4xx, not a redirect to the sign-in page (fetch would follow it and read a page as JSON).
    assert response.status_code == 401
    assert response["Cache-Control"] == "no-store"
    assert "token" not in response.json()
    assert LaunchToken.objects.count() == before


def _navigate(token: str, body: dict):
    return Client().post(
        "/play/c/api/navigate/",
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
        HTTP_HOST="127.0.0.1",
    )


def test_the_renewed_token_serves_the_frames_navigation_and_closing_commit_on_the_content_origin(origins):
    """The LMS page hands the renewed token to the player frame (ADR 0025): SCORM 2004 navigation
    and the commit the frame sends as the page closes are answered on the content origin with it."""
    trainee, activity, _version = enrolled_with_package(courses.forced_sequential())
    attempt = attempt_open(user=trainee, activity=activity)
    old = launch_token_issue(
        actor=actor_for(trainee), registration=attempt.registration, activity_id=str(activity.pk)
    )
    assert _navigate(old, {"request": "start"}).json()["deliver"] == "part1"
    LaunchToken.objects.update(expires_at=timezone.now())
    ending = {
        "sequence": 1,
        "session": 1,
        "item": "part1",
        "terminate": True,
        "cmi": {"cmi.completion_status": "completed"},
    }
    assert _navigate(old, {"request": "continue", "commit": ending}).status_code == 401
    assert not RuntimeCommit.objects.filter(attempt=attempt).exists()

    fresh = _renew(_signed_in(trainee), attempt.registration).json()["token"]
    moved = _navigate(fresh, {"request": "continue", "commit": ending})
    closing = Client().post(
        "/play/c/api/commit/",
        data=json.dumps(
            {
                "sequence": 2,
                "session": 1,
                "item": "part2",
                "terminate": True,
                "cmi": {"cmi.location": "closing"},
            }
        ),
        content_type="application/json",
        headers={"Authorization": f"Bearer {fresh}"},
        HTTP_HOST="127.0.0.1",
    )

    assert moved.status_code == 200 and moved.json()["deliver"] == "part2"
    assert closing.status_code == 200
    assert list(RuntimeCommit.objects.filter(attempt=attempt).values_list("sequence", flat=True)) == [1, 2]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    registration=st.one_of(
        st.text(max_size=60), st.uuids().map(str), st.binary(max_size=40).map(repr), st.just("own")
    ),
    signed_in=st.booleans(),
)
def test_hostile_registrations_are_refused_without_a_500_and_without_a_token(
    origins, scorm12_setup, registration, signed_in
):
    trainee, activity, _version = scorm12_setup
    attempt = attempt_open(user=trainee, activity=activity)
    before = LaunchToken.objects.count()
    client = _signed_in(trainee)
    if not signed_in:
        client.logout()
        client.cookies["csrftoken"] = "x" * 32
    own = registration == "own"
    response = _renew(client, str(attempt.registration) if own else registration.replace("\x00", ""))
    assert response.status_code < 500
    if own and signed_in:
        assert response.status_code == 200
        assert LaunchToken.objects.count() == before + 1
    else:
        assert response.status_code in (400, 401, 404)
        assert LaunchToken.objects.count() == before
