"""cmi5 as its specification asks of an LMS: the launch URL, the one-time fetch, LMS.LaunchData, the
LMS's own statements (launched, satisfied, abandoned, waived) and the result in courses."""

import json
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from content.lrs.models import Document, Statement
from content.runtime.cmi5 import ABANDONED, CATEGORY_CMI5, EXT_SESSION, LAUNCHED, SATISFIED, WAIVED
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


BLOCK = (
    '<block id="https://tadrib.example/block/{n}"><title><langstring lang="ar">{title}</langstring>'
    '<langstring lang="en-US">Unit {n}</langstring></title>'
    "<description><langstring lang='ar'>و</langstring></description>{aus}</block>"
)


def two_blocks() -> bytes:
    """Two blocks, each with its pre-test and content (the same titles in both, as real courses have)."""

    def au(n: int, title: str) -> str:
        return cmi5_au(f"https://tadrib.example/au/{n}", moveOn="Completed").replace(f"AU {n}", title)

    blocks = BLOCK.format(
        n=1, title="الوحدة الأولى", aus=au(1, "Pre-test") + au(2, "Content")
    ) + BLOCK.format(n=2, title="الوحدة الثانية", aus=au(3, "Pre-test") + au(4, "Content"))
    return cmi5("", blocks=blocks)


def _complete(trainee, activity, version, au: int) -> dict:
    """Launches the AU, which completes and terminates; returns its launch and context template."""
    position = version.items.get(identifier=f"https://tadrib.example/au/{au}").position
    launch = _launch(trainee, activity, item=str(position))
    token = _fetch(launch["fetch"])["auth-token"]
    template = _launch_data(launch, token)["contextTemplate"]
    statements = [
        _statement(launch, template, "initialized"),
        _statement(launch, template, "completed", completion=True),
        _statement(launch, template, "terminated", duration="PT1M"),
    ]
    assert _post(token, statements).status_code == 200
    return {"launch": launch, "template": template}


def _satisfied(registration: str) -> list[dict]:
    return [
        s.data
        for s in Statement.objects.filter(registration=registration).order_by("pk")
        if s.data["verb"]["id"] == SATISFIED
    ]


def test_a_two_block_course_shows_its_blocks_and_is_satisfied_block_by_block():
    trainee, activity, version = enrolled_with_package(two_blocks())
    client = Client()
    client.force_login(trainee)
    page = client.get(f"/play/activity/{activity.pk}/", HTTP_HOST=LMS).content.decode()
    contents = page.split('class="lesson-parts"')[1].split("</nav>")[0]
    # The blocks with their titles, each holding its own two AUs.
    first, second = contents.split("الوحدة الأولى")[1].split("الوحدة الثانية")
    assert first.count("Pre-test") == 1 and first.count("Content") == 1
    assert second.count("Pre-test") == 1 and second.count("Content") == 1

    one = _complete(trainee, activity, version, 1)
    registration = one["launch"]["registration"]
    assert _satisfied(registration) == []
    two = _complete(trainee, activity, version, 2)
    [block] = _satisfied(registration)
    assert block["object"]["definition"]["type"] == "https://w3id.org/xapi/cmi5/activitytype/block"
    assert block["object"]["id"].startswith("http://localhost/play/package/")
    assert block["object"]["id"] != "https://tadrib.example/block/1"  # the LMS's id, not the publisher's
    assert block["object"]["definition"]["name"]["ar"] == "الوحدة الأولى"
    context = block["context"]
    assert context["registration"] == registration
    assert context["extensions"][EXT_SESSION] == two["template"]["extensions"][EXT_SESSION]
    assert context["contextActivities"]["grouping"] == [
        {"objectType": "Activity", "id": "https://tadrib.example/block/1"}
    ]
    assert {"objectType": "Activity", "id": CATEGORY_CMI5} in context["contextActivities"]["category"]
    assert not ActivityResult.objects.get(activity=activity).completed

    page = client.get(f"/play/activity/{activity.pk}/", HTTP_HOST=LMS).content.decode()
    first_block = page.split('class="lesson-parts"')[1].split("الوحدة الثانية")[0]
    assert (
        first_block.split("الوحدة الأولى")[1]
        .split("</span>")[1]
        .strip()
        .startswith('<span class="part-done">')
    )

    _complete(trainee, activity, version, 3)
    _complete(trainee, activity, version, 4)
    types = [s["object"]["definition"]["type"].rsplit("/", 1)[1] for s in _satisfied(registration)]
    assert types == ["block", "block", "course"]
    course = _satisfied(registration)[-1]
    assert course["context"]["contextActivities"]["grouping"][0]["id"] == "https://tadrib.example/course/1"
    assert ActivityResult.objects.get(activity=activity).completed
    # Nothing is satisfied twice in the registration.
    _complete(trainee, activity, version, 1)
    assert len(_satisfied(registration)) == 3


def test_a_block_inside_a_block_is_satisfied_before_its_parent():
    inner = BLOCK.format(n=2, title="داخلية", aus=cmi5_au("https://tadrib.example/au/2", moveOn="Completed"))
    outer = BLOCK.format(
        n=1, title="خارجية", aus=cmi5_au("https://tadrib.example/au/1", moveOn="Completed") + inner
    )
    trainee, activity, version = enrolled_with_package(cmi5("", blocks=outer))
    _complete(trainee, activity, version, 2)
    registration = str(Attempt.objects.get(user=trainee).registration)
    assert [
        s["context"]["contextActivities"]["grouping"][0]["id"][-7:] for s in _satisfied(registration)
    ] == ["block/2"]
    _complete(trainee, activity, version, 1)
    groupings = [s["context"]["contextActivities"]["grouping"][0]["id"] for s in _satisfied(registration)]
    assert groupings == [
        "https://tadrib.example/block/2",
        "https://tadrib.example/block/1",
        "https://tadrib.example/course/1",
    ]


def test_the_instructor_sees_the_blocks_of_a_package_and_of_an_attempt(admin_client):
    trainee, activity, version = enrolled_with_package(two_blocks())
    _complete(trainee, activity, version, 1)
    _complete(trainee, activity, version, 2)
    edit = admin_client.get(reverse("content_packages:edit", args=[version.package_id]))
    assert [node.item.title for node in edit.context["current_items"]] == ["الوحدة الأولى", "الوحدة الثانية"]
    assert [n.item.title for n in edit.context["current_items"][1].children] == ["Pre-test", "Content"]
    assert "الوحدة الثانية" in edit.text
    attempt = Attempt.objects.get(user=trainee)
    detail = admin_client.get(reverse("content_attempts:detail", args=[attempt.pk]))
    assert [(b.title, b.satisfied) for b in detail.context["blocks"]] == [
        ("الوحدة الأولى", True),
        ("الوحدة الثانية", False),
    ]
    assert 'id="attempt-blocks-heading"' in detail.text


def _status(client: Client, activity, **query):
    return client.get(reverse("content:lesson_status", args=[activity.pk]), query, HTTP_HOST=LMS)


def test_when_the_au_shows_that_the_lesson_ended_the_status_line_says_so():
    trainee, activity, version = enrolled_with_package(two_blocks())
    client = Client()
    client.force_login(trainee)
    page = client.get(f"/play/activity/{activity.pk}/", HTTP_HOST=LMS).content.decode()
    assert 'data-status-url="/play/activity/' in page
    _complete(trainee, activity, version, 1)
    sessions = LaunchSession.objects.count()
    response = _status(client, activity, item="1")
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    with translation.override("ar"):
        ended, started = translation.gettext("The lesson has ended"), translation.gettext("Started")
    line = response.content.decode().split('id="lesson-status-line"')[1].split("</p>")[0]
    assert ended in line and started not in line
    assert 'id="lesson-parts"' in response.content.decode()
    # Asking opens no session (which would abandon the one that just ended).
    assert LaunchSession.objects.count() == sessions
    for au in (2, 3, 4):
        _complete(trainee, activity, version, au)
    line = _status(client, activity).content.decode().split('id="lesson-status-line"')[1]
    with translation.override("ar"):
        assert line.split("</p>")[0].split(">", 1)[1].startswith(translation.gettext("Completed"))


def test_the_status_of_someone_elses_lesson_is_not_found():
    trainee, activity, version = enrolled_with_package(two_blocks())
    _complete(trainee, activity, version, 1)
    stranger = Client()
    stranger.force_login(enrolled_with_package(cmi5())[0])
    assert _status(stranger, activity).status_code == 404
    assert (
        Client().get(reverse("content:lesson_status", args=[activity.pk]), HTTP_HOST=LMS).status_code == 302
    )


@pytest.fixture
def launched_course():
    trainee, activity, _version = enrolled_with_package(two_blocks())
    _launch(trainee, activity)
    client = Client()
    client.force_login(trainee)
    return client, activity


@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(item=st.text(max_size=40) | st.integers().map(str))
def test_hostile_status_queries_never_fail_and_open_nothing(launched_course, item):
    client, activity = launched_course
    sessions = LaunchSession.objects.count()
    assert _status(client, activity, item=item).status_code == 200
    assert LaunchSession.objects.count() == sessions
