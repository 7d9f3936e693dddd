"""cmi5 as its specification asks of an LMS: the launch URL, the one-time fetch, LMS.LaunchData, the
LMS's own statements (launched, satisfied, abandoned, waived) and the result in courses."""

import json
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from content.lrs.models import Document, Statement
from content.runtime.cmi5 import ABANDONED, LAUNCHED, SATISFIED, WAIVED
from content.runtime.models import Attempt, LaunchSession
from content.runtime.xapi import cmi5_waive
from courses.models import ActivityResult
from tests.content.packages.builders import cmi5, cmi5_au

from .conftest import enrolled_with_package

pytestmark = pytest.mark.django_db

LMS, CONTENT = "localhost", "127.0.0.1"
VERBS = "http://adlnet.gov/expapi/verbs/"


@pytest.fixture(autouse=True)
def origins(settings):
    settings.SITE_URL = "http://localhost"
    settings.CONTENT_ORIGIN = "http://127.0.0.1"


def _launch(trainee, activity, **query) -> dict[str, str]:
    client = Client()
    client.force_login(trainee)
    response = client.get(f"/play/activity/{activity.pk}/", query, HTTP_HOST=LMS)
    assert response.status_code == 200
    src = response.content.decode().split('id="player-frame" src="')[1].split('"')[0].replace("&amp;", "&")
    parts = urlsplit(src)
    params = {key: values[0] for key, values in parse_qs(parts.query).items()}
    params["url"] = f"{parts.scheme}://{parts.netloc}{parts.path}"
    return params


def _fetch(url: str) -> dict:
    return Client().post(urlsplit(url).path, HTTP_HOST=CONTENT).json()


def _statement(launch: dict, template: dict, verb: str, **result) -> dict:
    statement = {
        "id": str(uuid.uuid4()),
        "actor": json.loads(launch["actor"]),
        "verb": {"id": VERBS + verb},
        "object": {"objectType": "Activity", "id": launch["activityId"]},
        "context": {**template, "registration": launch["registration"]},
    }
    if result:
        statement["result"] = result
    return statement


def _post(token: str, statements: list[dict]):
    return Client().post(
        "/xapi/statements",
        data=json.dumps(statements),
        content_type="application/json",
        headers={"Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3"},
        HTTP_HOST=CONTENT,
    )


def _launch_data(launch: dict, token: str) -> dict:
    response = Client().get(
        "/xapi/activities/state",
        {
            "stateId": "LMS.LaunchData",
            "activityId": launch["activityId"],
            "agent": launch["actor"],
            "registration": launch["registration"],
        },
        headers={"Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3"},
        HTTP_HOST=CONTENT,
    )
    assert response.status_code == 200
    return json.loads(response.content)


def _verbs(registration: str) -> list[str]:
    return [s.data["verb"]["id"] for s in Statement.objects.filter(registration=registration).order_by("pk")]


def test_an_au_is_launched_fetches_its_token_once_and_completes_the_activity():
    trainee, activity, _ = enrolled_with_package(
        cmi5(cmi5_au(moveOn="CompletedAndPassed", masteryScore="0.8"))
    )
    launch = _launch(trainee, activity)
    assert launch["url"].startswith("http://127.0.0.1/play/c/files/") and launch["url"].endswith(
        "au/index.html"
    )
    assert launch["endpoint"] == "http://127.0.0.1/xapi/"
    assert launch["activityId"] != "https://tadrib.example/au/1"  # generated, not the publisher's id
    token = _fetch(launch["fetch"])["auth-token"]
    assert _fetch(launch["fetch"])["error-code"] == "1"  # one-time

    data = _launch_data(launch, token)
    assert data["launchMode"] == "Normal" and data["moveOn"] == "CompletedAndPassed"
    assert data["masteryScore"] == 0.8 and data["returnURL"].startswith("http://127.0.0.1/play/c/closed/")
    assert data["contextTemplate"]["contextActivities"]["grouping"][0]["id"] == "https://tadrib.example/au/1"
    assert _verbs(launch["registration"]) == [LAUNCHED]

    template = data["contextTemplate"]
    statements = [
        _statement(launch, template, "initialized"),
        _statement(launch, template, "completed", completion=True),
        _statement(launch, template, "passed", success=True, score={"scaled": 0.9}),
        _statement(launch, template, "terminated", duration="PT2M"),
    ]
    assert _post(token, statements).status_code == 200

    result = ActivityResult.objects.get(activity=activity)
    assert result.completed and result.passed and result.score == 90
    verbs = _verbs(launch["registration"])
    assert verbs.count(SATISFIED) == 1  # the course, once
    attempt = Attempt.objects.get(user=trainee)
    assert attempt.total_seconds == 120
    assert LaunchSession.objects.get(attempt=attempt).terminated_at is not None


def test_completed_alone_does_not_satisfy_completed_and_passed():
    trainee, activity, _ = enrolled_with_package(cmi5(cmi5_au(moveOn="CompletedAndPassed")))
    launch = _launch(trainee, activity)
    token = _fetch(launch["fetch"])["auth-token"]
    template = _launch_data(launch, token)["contextTemplate"]
    _post(token, [_statement(launch, template, "completed", completion=True)])
    assert SATISFIED not in _verbs(launch["registration"])
    assert not ActivityResult.objects.get(activity=activity).completed


def test_a_new_launch_abandons_the_open_session_and_its_token_stops_working():
    trainee, activity, _ = enrolled_with_package(cmi5())
    first = _launch(trainee, activity)
    token = _fetch(first["fetch"])["auth-token"]
    template = _launch_data(first, token)["contextTemplate"]
    _launch(trainee, activity)
    assert ABANDONED in _verbs(first["registration"])
    assert _post(token, [_statement(first, template, "completed", completion=True)]).status_code == 401


def test_the_au_may_not_change_the_launch_data_nor_void_statements():
    trainee, activity, _ = enrolled_with_package(cmi5())
    launch = _launch(trainee, activity)
    token = _fetch(launch["fetch"])["auth-token"]
    headers = {"Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3"}
    query = (
        f"?stateId=LMS.LaunchData&activityId={launch['activityId']}"
        f"&agent={launch['actor']}&registration={launch['registration']}"
    )
    changed = Client().put(
        "/xapi/activities/state" + query,
        data="{}",
        content_type="application/json",
        headers=headers,
        HTTP_HOST=CONTENT,
    )
    assert changed.status_code == 403
    assert (
        json.loads(bytes(Document.objects.get(document_id="LMS.LaunchData").content))["launchMode"]
        == "Normal"
    )
    launched = Statement.objects.get(registration=launch["registration"])
    void = {
        "actor": json.loads(launch["actor"]),
        "verb": {"id": "http://adlnet.gov/expapi/verbs/voided"},
        "object": {"objectType": "StatementRef", "id": str(launched.statement_id)},
        "context": {"registration": launch["registration"]},
    }
    assert _post(token, [void]).status_code == 403


def test_a_waived_au_counts_as_satisfied():
    trainee, activity, version = enrolled_with_package(cmi5(cmi5_au(moveOn="Passed")))
    launch = _launch(trainee, activity)
    attempt = Attempt.objects.get(user=trainee)
    cmi5_waive(attempt=attempt, item=version.items.get(is_launchable=True))
    verbs = _verbs(launch["registration"])
    assert WAIVED in verbs and SATISFIED in verbs
    assert ActivityResult.objects.get(activity=activity).completed


def test_a_not_applicable_au_satisfies_the_course_at_launch():
    trainee, activity, _ = enrolled_with_package(cmi5(cmi5_au(moveOn="NotApplicable")))
    launch = _launch(trainee, activity)
    assert _verbs(launch["registration"]) == [LAUNCHED, SATISFIED]
    assert ActivityResult.objects.get(activity=activity).completed
