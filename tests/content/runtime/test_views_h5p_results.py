"""H5P on the LMS page: its statements go through the page's outbox to the LRS on the LMS origin
(with the launch token), and success is judged from the score and the content's pass percentage."""

import json
import re
import uuid

import pytest
from django.test import Client

from content.runtime.models import Attempt
from courses.models import ActivityResult
from tests.content.packages.builders import h5p_files, zip_bytes

from .conftest import enrolled_with_package

pytestmark = pytest.mark.django_db

LMS, CONTENT = "localhost", "127.0.0.1"


@pytest.fixture(autouse=True)
def origins(settings):
    settings.SITE_URL = "http://localhost"
    settings.CONTENT_ORIGIN = "http://127.0.0.1"


def h5p_package(**parameters) -> bytes:
    files = h5p_files()
    files["content/content.json"] = json.dumps({"question": "<p>؟</p>", **parameters})
    return zip_bytes(files)


def opened(data: bytes):
    trainee, activity, _ = enrolled_with_package(data)
    client = Client()
    client.force_login(trainee)
    page = client.get(f"/play/activity/{activity.pk}/", HTTP_HOST=LMS).content.decode()
    frame = page.split('id="player-frame"')[1].split("></iframe>")[0]
    attributes = dict(re.findall(r'([\w-]+)="([^"]*)"', frame))
    attempt = Attempt.objects.get(user=trainee)
    return trainee, activity, attempt, attributes, page


def answered(attempt: Attempt, raw: int, maximum: int, **result) -> dict:
    from content.runtime.services import actor_for
    from content.runtime.xapi import item_activity_id

    item = attempt.version.items.get(is_launchable=True)
    # A type with nothing to score sends no score (a maximum of 0 is no valid xAPI score).
    scored = {"score": {"raw": raw, "min": 0, "max": maximum, "scaled": raw / maximum}} if maximum else {}
    return {
        "id": str(uuid.uuid4()),
        "actor": actor_for(attempt.user),
        "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
        "object": {"objectType": "Activity", "id": item_activity_id(attempt, item)},
        "context": {"registration": str(attempt.registration)},
        "result": {**scored, "completion": True, **result},
    }


def sent_by_outbox(attributes: dict, statement: dict):
    """What outbox.js does: the statement, with the page's launch token, to the LRS on the LMS origin."""
    return Client().post(
        attributes["data-statements-url"],
        data=json.dumps(statement),
        content_type="application/json",
        headers={
            "Authorization": f"Bearer {attributes['data-token']}",
            "X-Experience-API-Version": "1.0.3",
        },
        HTTP_HOST=LMS,
    )


def test_the_h5p_page_hosts_an_outbox_for_its_statements():
    _, _, attempt, attributes, page = opened(h5p_package())
    assert "/static/content/outbox.js" in page
    assert attributes["data-statements-url"] == "/xapi/statements"
    assert attributes["data-registration"] == str(attempt.registration)
    assert attributes["data-token"]


def test_full_marks_pass_though_the_statement_says_nothing_of_success():
    _, activity, attempt, attributes, _ = opened(h5p_package())
    assert sent_by_outbox(attributes, answered(attempt, 4, 4)).status_code == 200
    result = ActivityResult.objects.get(activity=activity)
    assert result.completed and result.passed and result.score == 100


def test_the_contents_pass_percentage_decides_whatever_the_statement_says():
    _, activity, attempt, attributes, _ = opened(h5p_package(passPercentage=50))
    sent_by_outbox(attributes, answered(attempt, 1, 4, success=True))
    assert ActivityResult.objects.get(activity=activity).passed is False
    sent_by_outbox(attributes, answered(attempt, 2, 4, success=False))
    assert ActivityResult.objects.get(activity=activity).passed is True


def test_a_content_with_nothing_to_score_is_never_failed():
    _, activity, attempt, attributes, _ = opened(h5p_package())
    assert sent_by_outbox(attributes, answered(attempt, 0, 0, success=False)).status_code == 200
    result = ActivityResult.objects.get(activity=activity)
    assert result.completed and result.passed is None


def test_another_trainees_token_cannot_write_into_this_attempt():
    _, _, attempt, _, _ = opened(h5p_package())
    _, _, _, other, _ = opened(h5p_package())
    assert sent_by_outbox(other, answered(attempt, 4, 4)).status_code == 403
    assert not Attempt.objects.get(pk=attempt.pk).completed
