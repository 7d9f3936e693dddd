"""State and profile documents: storage, merging and concurrency control."""

import dataclasses
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.content.lrs.conftest import XapiClient
from tests.fuzz import fuzz_settings

FUZZ = fuzz_settings(50)

pytestmark = pytest.mark.django_db

AGENT = json.dumps({"mbox": "mailto:trainee@example.org"})
ACTIVITY = "https://tadrib.example/activities/1"


def test_state_put_get_merge_delete(xapi):
    params = {"activityId": ACTIVITY, "agent": AGENT, "stateId": "bookmark"}
    assert xapi.put("activities/state", {"page": 3}, **params).status_code == 204
    assert xapi.post("activities/state", {"score": 1}, **params).status_code == 204
    got = xapi.get("activities/state", **params)
    assert got.json() == {"page": 3, "score": 1}
    assert got["ETag"].startswith('"')
    listing = xapi.get("activities/state", activityId=ACTIVITY, agent=AGENT).json()
    assert listing == ["bookmark"]
    assert xapi.request("DELETE", "activities/state", **params).status_code == 204
    assert xapi.get("activities/state", **params).status_code == 404


def test_profile_concurrency(xapi):
    params = {"activityId": ACTIVITY, "profileId": "p"}
    assert xapi.put("activities/profile", {"a": 1}, **params).status_code == 400  # no precondition
    assert (
        xapi.put("activities/profile", {"a": 1}, headers={"If-None-Match": "*"}, **params).status_code == 204
    )
    etag = xapi.get("activities/profile", **params)["ETag"]
    assert xapi.put("activities/profile", {"a": 2}, **params).status_code == 409
    assert (
        xapi.put("activities/profile", {"a": 2}, headers={"If-Match": '"nope"'}, **params).status_code == 412
    )
    assert xapi.put("activities/profile", {"a": 2}, headers={"If-Match": etag}, **params).status_code == 204
    assert xapi.get("activities/profile", **params).json() == {"a": 2}


def test_merging_non_json_is_rejected(xapi):
    params = {"agent": AGENT, "profileId": "p"}
    assert (
        xapi.put(
            "agents/profile", "plain", content_type="text/plain", headers={"If-None-Match": "*"}, **params
        ).status_code
        == 204
    )
    assert xapi.post("agents/profile", {"a": 1}, **params).status_code == 400


def test_agents_returns_a_person(xapi):
    person = xapi.get("agents", agent=AGENT).json()
    assert person == {"objectType": "Person", "mbox": ["mailto:trainee@example.org"]}


def test_a_launch_token_reaches_its_learners_state_in_its_registration_only(xapi):
    """ADR 0002: a launch token is scoped to one learner and one registration."""
    import uuid

    from content.lrs.models import Document
    from content.lrs.services import launch_token_issue

    learner = {"account": {"homePage": "https://tadrib.example", "name": "42"}}
    agent = json.dumps(learner)
    mine, other = uuid.uuid4(), uuid.uuid4()
    token = XapiClient.__new__(XapiClient)
    token.client, token.headers = (
        xapi.client,
        {
            "X-Experience-API-Version": "1.0.3",
            "Authorization": f"Basic {launch_token_issue(actor=learner, registration=mine)}",
        },
    )
    # Another registration of the same learner (another package, a reset attempt) holds a state.
    params = {"activityId": ACTIVITY, "agent": agent, "stateId": "answers"}
    assert xapi.put("activities/state", {"secret": 1}, registration=str(other), **params).status_code == 204

    assert token.get("activities/state", registration=str(other), **params).status_code == 403
    assert token.put("activities/state", {"x": 1}, registration=str(other), **params).status_code == 403
    assert token.request("DELETE", "activities/state", registration=str(other), **params).status_code == 403
    deleted_all = token.request(
        "DELETE", "activities/state", registration=str(other), activityId=ACTIVITY, agent=agent
    )
    assert deleted_all.status_code == 403
    assert bytes(Document.objects.get(registration=str(other)).content) == b'{"secret": 1}'

    # In its own registration it works; without one it is taken to mean its own.
    assert token.put("activities/state", {"page": 2}, registration=str(mine), **params).status_code == 204
    assert token.get("activities/state", **params).json() == {"page": 2}
    assert token.put("activities/state", {"page": 3}, **params).status_code == 204
    assert Document.objects.filter(agent_ifi__contains="42").count() == 2
    assert token.get("activities/state", registration=str(mine), **params).json() == {"page": 3}


# --- Issue 14, point 5: content keeps shared data in its own activity's profiles -------------

OTHER_ACTIVITY = "https://tadrib.example/activities/2"
LEARNER = {"account": {"homePage": "https://tadrib.example", "name": "42"}}


def _token_client(xapi, *, activity_id: str = ACTIVITY, is_preview: bool = False) -> XapiClient:
    import uuid

    from content.lrs.services import launch_token_issue

    token = launch_token_issue(
        actor=LEARNER, registration=uuid.uuid4(), activity_id=activity_id, is_preview=is_preview
    )
    client = XapiClient.__new__(XapiClient)
    client.client = xapi.client
    client.headers = {"X-Experience-API-Version": "1.0.3", "Authorization": f"Basic {token}"}
    return client


def test_a_launch_token_reads_and_writes_its_own_activitys_profiles(xapi):
    from content.lrs.models import Document

    token = _token_client(xapi)
    params = {"activityId": ACTIVITY, "profileId": "high-scores"}
    created = token.put("activities/profile", {"best": 7}, headers={"If-None-Match": "*"}, **params)
    assert created.status_code == 204
    got = token.get("activities/profile", **params)
    assert got.json() == {"best": 7}
    assert token.post("activities/profile", {"runs": 3}, **params).status_code == 204
    replaced = token.put("activities/profile", {"best": 9}, headers={"If-Match": got["ETag"]}, **params)
    assert replaced.status_code == 412  # the POST changed it since
    assert token.get("activities/profile", activityId=ACTIVITY).json() == ["high-scores"]
    # Another session of the same activity (another learner) sees what this one kept.
    assert _token_client(xapi).get("activities/profile", **params).json() == {"best": 7, "runs": 3}
    assert token.request("DELETE", "activities/profile", **params).status_code == 204
    assert Document.objects.count() == 0


def test_a_launch_token_cannot_reach_another_activitys_profiles(xapi):
    from content.lrs.models import Document

    params = {"activityId": OTHER_ACTIVITY, "profileId": "settings"}
    assert (
        xapi.put("activities/profile", {"a": 1}, headers={"If-None-Match": "*"}, **params).status_code == 204
    )
    token = _token_client(xapi)
    etag = xapi.get("activities/profile", **params)["ETag"]
    assert token.get("activities/profile", **params).status_code == 403
    assert token.get("activities/profile", activityId=OTHER_ACTIVITY).status_code == 403
    assert token.put("activities/profile", {"a": 2}, headers={"If-Match": etag}, **params).status_code == 403
    assert token.post("activities/profile", {"b": 2}, **params).status_code == 403
    assert token.request("DELETE", "activities/profile", **params).status_code == 403
    # A token issued for no activity (a SCORM session's is its course activity's number) reaches none.
    assert _token_client(xapi, activity_id="").get("activities/profile", **params).status_code == 403
    assert bytes(Document.objects.get().content) == b'{"a": 1}'


def test_an_instructors_preview_does_not_change_the_shared_profile(xapi):
    from content.lrs.models import Document

    params = {"activityId": ACTIVITY, "profileId": "high-scores"}
    assert (
        xapi.put("activities/profile", {"best": 7}, headers={"If-None-Match": "*"}, **params).status_code
        == 204
    )
    preview = _token_client(xapi, is_preview=True)
    assert preview.get("activities/profile", **params).json() == {"best": 7}
    assert preview.post("activities/profile", {"best": 0}, **params).status_code == 204
    assert preview.request("DELETE", "activities/profile", **params).status_code == 204
    assert bytes(Document.objects.get().content) == b'{"best": 7}'


@pytest.mark.parametrize("version", ["1.0.3", "2.0.0"])
@FUZZ
@given(data=st.data())
def test_hostile_requests_to_another_activitys_profile_are_refused_and_change_nothing(xapi, version, data):
    """Whatever a launch token sends to another activity's profiles: no 500, a 4xx, nothing changed."""
    from tests.content.lrs import hostile

    request = data.draw(hostile.requests("activities/profile"))
    request = dataclasses.replace(request, params={**request.params, "activityId": OTHER_ACTIVITY})
    token = _token_client(xapi)
    before = hostile.snapshot()
    response = hostile.send(request, {**token.headers, "X-Experience-API-Version": version})
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    assert hostile.snapshot() == before
