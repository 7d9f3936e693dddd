"""State and profile documents: storage, merging and concurrency control."""

import json

import pytest

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
