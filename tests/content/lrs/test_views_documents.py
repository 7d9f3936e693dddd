"""State and profile documents: storage, merging and concurrency control."""

import json

import pytest

from tests.content.lrs.conftest import XapiClient

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
