"""Tin Can packages are launched with the launch convention's parameters, and record with its token."""

import json
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from content.lrs.models import Statement
from courses.models import ActivityResult
from tests.content.packages.builders import tincan

from .conftest import enrolled_with_package

pytestmark = pytest.mark.django_db
COURSE = "https://tadrib.example/tincan/course"


@pytest.fixture(autouse=True)
def origins(settings):
    settings.SITE_URL = "http://localhost"
    settings.CONTENT_ORIGIN = "http://127.0.0.1"


def _launch(trainee, activity) -> dict[str, str]:
    client = Client()
    client.force_login(trainee)
    page = client.get(f"/play/activity/{activity.pk}/", HTTP_HOST="localhost").content.decode()
    src = page.split('id="player-frame" src="')[1].split('"')[0].replace("&amp;", "&")
    return {key: values[0] for key, values in parse_qs(urlsplit(src).query).items()}


def _post(launch: dict, statement: dict, query: str = ""):
    return Client().post(
        f"/xapi/statements{query}",
        data=json.dumps(statement),
        content_type="application/json",
        headers={"Authorization": launch["auth"], "X-Experience-API-Version": "1.0.1"},
        HTTP_HOST="127.0.0.1",
    )


def _completed(launch: dict) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "actor": json.loads(launch["actor"]),
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
        "object": {"id": launch["activity_id"]},
        "result": {"completion": True, "success": True, "score": {"raw": 45, "min": 0, "max": 50}},
        "context": {"registration": launch["registration"]},
    }


def test_the_launch_carries_endpoint_auth_actor_registration_and_the_packages_activity():
    trainee, activity, _ = enrolled_with_package(tincan())
    launch = _launch(trainee, activity)
    assert launch["endpoint"] == "http://127.0.0.1/xapi/"
    assert launch["auth"].startswith("Basic ")
    assert json.loads(launch["actor"])["account"]["name"] == str(trainee.pk)
    assert launch["activity_id"] == COURSE
    uuid.UUID(launch["registration"])


def test_a_completed_course_reaches_the_result_and_stray_parameters_are_ignored():
    trainee, activity, _ = enrolled_with_package(tincan())
    launch = _launch(trainee, activity)
    # TinCanJS forwards the page's own query string ("?questions=…") to the LRS.
    assert _post(launch, _completed(launch), "?questions=Playing").status_code == 200
    result = ActivityResult.objects.get(activity=activity)
    assert result.completed and result.passed and result.score == 90
    assert Statement.objects.filter(registration=launch["registration"]).count() == 1


def test_the_token_records_only_its_own_learner():
    trainee, activity, _ = enrolled_with_package(tincan())
    launch = _launch(trainee, activity)
    someone_else = {**_completed(launch), "actor": {"mbox": "mailto:other@example.com"}}
    assert _post(launch, someone_else).status_code == 403
    assert not ActivityResult.objects.filter(activity=activity, completed=True).exists()


def test_the_contents_list_the_activities_that_launch_and_not_the_questions_inside():
    activities = "".join(
        f'<activity id="{COURSE}/{name}" type="http://adlnet.gov/expapi/activities/{kind}">'
        f"<name>{title}</name>{launch}</activity>"
        for name, kind, title, launch in (
            ("one", "module", "الجزء الأول", "<launch lang='ar'>index.html</launch>"),
            ("q1", "cmi.interaction", "سؤال داخلي", ""),
            ("two", "module", "الجزء الثاني", "<launch lang='ar'>index.html</launch>"),
        )
    )
    trainee, activity, _ = enrolled_with_package(tincan(activities))
    client = Client()
    client.force_login(trainee)
    page = client.get(f"/play/activity/{activity.pk}/", HTTP_HOST="localhost").content.decode()
    contents = page.split('id="lesson-parts"')[1].split("</nav>")[0]
    assert "الجزء الأول" in contents and "الجزء الثاني" in contents
    assert "سؤال داخلي" not in contents
