"""An instructor's preview plays the package and keeps nothing: no commit, no statement, no result."""

import json
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from content.lrs.models import Statement
from content.runtime.models import Attempt, RuntimeCommit
from courses.models import ActivityResult
from lms.people.roles import Role
from tests.content.packages.builders import cmi5, scorm12
from tests.lms.factories import UserFactory

from .conftest import enrolled_with_package

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def origins(settings):
    settings.SITE_URL = "http://localhost"
    settings.CONTENT_ORIGIN = "http://127.0.0.1"


def _instructor_of(activity):
    instructor = UserFactory(role=Role.INSTRUCTOR)
    course = activity.module.course
    course.instructors.add(instructor)
    course.save()
    return instructor


def _get(user, url: str):
    client = Client()
    client.force_login(user)
    return client.get(url, HTTP_HOST="localhost")


def test_a_scorm_preview_acknowledges_commits_and_keeps_none():
    _trainee, activity, version = enrolled_with_package(scorm12())
    instructor = _instructor_of(activity)
    page = _get(instructor, f"/play/preview/{version.package_id}/")
    assert page.status_code == 200
    assert "Preview" in page.content.decode() or "معاينة" in page.content.decode()
    token = page.content.decode().split('data-token="')[1].split('"')[0]
    body = {"sequence": 1, "session": 1, "item": "i1", "cmi": {"cmi.core.lesson_status": "completed"}}
    response = Client().post(
        "/play/c/api/commit/",
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
        HTTP_HOST="127.0.0.1",
    )
    assert response.json()["result"] is True
    assert not RuntimeCommit.objects.exists()
    assert not ActivityResult.objects.exists()
    # Previewing again starts afresh: one preview attempt at most, never a trainee's.
    _get(instructor, f"/play/preview/{version.package_id}/")
    assert Attempt.objects.filter(is_preview=True).count() == 1


def test_a_cmi5_preview_launches_in_browse_mode_and_its_statements_are_not_kept():
    _trainee, activity, version = enrolled_with_package(cmi5())
    instructor = _instructor_of(activity)
    page = _get(instructor, f"/play/preview/{version.package_id}/").content.decode()
    src = page.split('id="player-frame" src="')[1].split('"')[0].replace("&amp;", "&")
    launch = {key: values[0] for key, values in parse_qs(urlsplit(src).query).items()}
    token = Client().post(urlsplit(launch["fetch"]).path, HTTP_HOST="127.0.0.1").json()["auth-token"]
    headers = {"Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3"}
    state = Client().get(
        "/xapi/activities/state",
        {
            "stateId": "LMS.LaunchData",
            "activityId": launch["activityId"],
            "agent": launch["actor"],
            "registration": launch["registration"],
        },
        headers=headers,
        HTTP_HOST="127.0.0.1",
    )
    assert json.loads(state.content)["launchMode"] == "Browse"
    statement = {
        "id": str(uuid.uuid4()),
        "actor": json.loads(launch["actor"]),
        "verb": {"id": "http://adlnet.gov/expapi/verbs/initialized"},
        "object": {"id": launch["activityId"]},
        "context": {"registration": launch["registration"]},
    }
    stored = Client().post(
        "/xapi/statements",
        data=json.dumps(statement),
        content_type="application/json",
        headers=headers,
        HTTP_HOST="127.0.0.1",
    )
    assert stored.status_code == 200
    assert not Statement.objects.exists()  # not even the LMS's "launched"


def test_only_those_who_reach_the_package_preview_it():
    trainee, _activity, version = enrolled_with_package(scorm12())
    assert _get(trainee, f"/play/preview/{version.package_id}/").status_code == 404
    assert _get(UserFactory(role=Role.INSTRUCTOR), f"/play/preview/{version.package_id}/").status_code == 404
    assert not Attempt.objects.exists()
