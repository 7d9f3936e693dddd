"""xAPI 1.0.3 and 2.0, negotiated per request from X-Experience-API-Version (issue 14, ADR 0020)."""

import json
from urllib.parse import urlencode

import pytest

from content.lrs.canonical import same_statement
from content.lrs.models import Document, Statement

from .conftest import new_id, statement

pytestmark = pytest.mark.django_db

V1, V2 = {"X-Experience-API-Version": "1.0.3"}, {"X-Experience-API-Version": "2.0.0"}
CONTEXT_AGENTS = {
    "contextAgents": [
        {
            "objectType": "contextAgent",
            "agent": {"objectType": "Agent", "mbox": "mailto:trainer@example.org"},
            "relevantTypes": ["https://tadrib.example/activity-types/trainer"],
        }
    ],
    "contextGroups": [
        {
            "objectType": "contextGroup",
            "group": {"objectType": "Group", "mbox": "mailto:hub-basra@example.org"},
        }
    ],
}


@pytest.mark.parametrize(
    ("sent", "answered"), [("1.0.0", "1.0.3"), ("1.0.3", "1.0.3"), ("2.0.0", "2.0.0"), (" 2.0.0 ", "2.0.0")]
)
def test_each_response_carries_the_version_the_request_spoke(xapi, sent, answered):
    for response in (
        xapi.post("statements", statement(), headers={"X-Experience-API-Version": sent}),
        xapi.get("statements", headers={"X-Experience-API-Version": sent}),
        xapi.get("about", headers={"X-Experience-API-Version": sent}),
    ):
        assert response.status_code == 200
        assert response["X-Experience-API-Version"] == answered


@pytest.mark.parametrize("default", ["1.0.3", "2.0.0"])
def test_a_request_naming_no_version_the_lrs_speaks_is_answered_under_the_default(xapi, settings, default):
    settings.LRS_DEFAULT_VERSION = default
    xapi.headers.pop("X-Experience-API-Version")
    assert xapi.get("about")["X-Experience-API-Version"] == default
    assert set(xapi.get("about").json()["version"]) >= {"1.0.3", "2.0.0"}
    for headers in ({}, {"X-Experience-API-Version": "0.95"}, {"X-Experience-API-Version": "1.1.0"}):
        refused = xapi.post("statements", statement(), headers=headers)
        assert refused.status_code == 400
        assert refused["X-Experience-API-Version"] == default
    assert Statement.objects.count() == 0


def test_a_statement_keeps_the_version_it_was_accepted_with(xapi):
    sent = {**statement(), "id": new_id(), "version": "2.0.0"}
    assert xapi.post("statements", sent, headers=V1).status_code == 400  # not a 1.0.x version
    assert xapi.post("statements", sent, headers=V2).status_code == 200
    assert xapi.get("statements", statementId=sent["id"]).json()["version"] == "2.0.0"
    older = {**statement(), "id": new_id(), "version": "1.0.9"}
    assert xapi.post("statements", older, headers=V2).status_code == 200
    assert xapi.get("statements", statementId=older["id"]).json()["version"] == "1.0.9"
    assert xapi.post("statements", {**statement(), "version": "1.1.0"}, headers=V2).status_code == 400


def test_a_statement_without_a_version_gets_the_requests(xapi):
    under_1, under_2 = new_id(), new_id()
    xapi.put("statements", statement(), statementId=under_1, headers=V1)
    xapi.put("statements", statement(), statementId=under_2, headers=V2)
    assert xapi.get("statements", statementId=under_1).json()["version"] == "1.0.0"
    assert xapi.get("statements", statementId=under_2).json()["version"] == "2.0.0"


def test_context_agents_and_groups_are_xapi_2(xapi):
    sent = {**statement(), "id": new_id(), "context": CONTEXT_AGENTS}
    refused = xapi.post("statements", sent, headers=V1)
    assert refused.status_code == 400
    assert refused.json()["path"] == "statements[0].context.contextAgents"
    assert "2.0" in refused.json()["error"]
    assert xapi.post("statements", sent, headers=V2).status_code == 200
    assert xapi.get("statements", statementId=sent["id"]).json()["context"] == CONTEXT_AGENTS
    # They are related agents of the statement.
    trainer = json.dumps({"mbox": "mailto:trainer@example.org"})
    found = xapi.get("statements", agent=trainer, related_agents="true", headers=V2).json()["statements"]
    assert [s["id"] for s in found] == [sent["id"]]
    ids = xapi.get("statements", statementId=sent["id"], format="ids").json()["context"]
    assert ids["contextAgents"][0]["agent"] == {"objectType": "Agent", "mbox": "mailto:trainer@example.org"}


@pytest.mark.parametrize(
    ("context", "path"),
    [
        ({"contextAgents": {"objectType": "contextAgent"}}, "contextAgents"),
        (
            {"contextAgents": [{"objectType": "Agent", "agent": {"mbox": "mailto:a@example.org"}}]},
            "objectType",
        ),
        ({"contextAgents": [{"objectType": "contextAgent", "agent": {"name": "nobody"}}]}, "agent"),
        (
            {
                "contextAgents": [
                    {"objectType": "contextAgent", "agent": {"mbox": "mailto:a@example.org"}, "x": 1}
                ]
            },
            "contextAgents[0]",
        ),
        (
            {
                "contextAgents": [
                    {
                        "objectType": "contextAgent",
                        "agent": {"mbox": "mailto:a@example.org"},
                        "relevantTypes": [],
                    }
                ]
            },
            "relevantTypes",
        ),
        (
            {
                "contextGroups": [
                    {
                        "objectType": "contextGroup",
                        "group": {"objectType": "Group", "mbox": "mailto:g@example.org"},
                        "relevantTypes": ["abc"],
                    }
                ]
            },
            "relevantTypes[0]",
        ),
        (
            {"contextGroups": [{"objectType": "contextGroup", "group": {"mbox": "mailto:a@example.org"}}]},
            "group",
        ),
    ],
)
def test_bad_context_agents_are_refused(xapi, context, path):
    sent = {**statement(), "context": context}
    sub = {**statement(), "object": {"objectType": "SubStatement", **statement(context=context)}}
    for body in (sent, sub):
        response = xapi.post("statements", body, headers=V2)
        assert response.status_code == 400
        assert path in response.json()["path"]
    assert Statement.objects.count() == 0


def test_a_state_put_over_an_existing_document_needs_a_precondition_under_2_0(xapi):
    params = {
        "activityId": "https://tadrib.example/activities/1",
        "agent": json.dumps({"mbox": "mailto:trainee@example.org"}),
        "stateId": "bookmark",
    }
    assert xapi.put("activities/state", {"page": 1}, headers=V2, **params).status_code == 204  # new
    conflict = xapi.put("activities/state", {"page": 2}, headers=V2, **params)
    assert conflict.status_code == 409
    assert conflict.json()["error"]
    assert xapi.get("activities/state", **params).json() == {"page": 1}
    etag = xapi.get("activities/state", **params)["ETag"]
    assert (
        xapi.put("activities/state", {"page": 2}, headers={**V2, "If-Match": etag}, **params).status_code
        == 204
    )
    assert xapi.post("activities/state", {"score": 1}, headers=V2, **params).status_code == 204  # merge
    # 1.0.3 has no concurrency control for states: content written for it keeps working.
    assert xapi.put("activities/state", {"page": 3}, headers=V1, **params).status_code == 204
    assert Document.objects.get().content_type == "application/json"


def test_the_alternate_request_syntax_is_refused_under_2_0(xapi):
    form = {
        "Authorization": xapi.headers["Authorization"],
        "Content-Type": "application/json",
        "content": json.dumps(statement()),
        "statementId": new_id(),
    }
    for version, status in (("2.0.0", 400), ("1.0.3", 204)):
        response = xapi.client.post(
            "/xapi/statements?method=PUT",
            urlencode({**form, "X-Experience-API-Version": version}),
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == status
        assert response["X-Experience-API-Version"] == version
    assert Statement.objects.count() == 1


def test_durations_are_compared_to_the_hundredth_of_a_second(xapi):
    statement_id = new_id()
    first = statement(result={"duration": "P1DT12H36M0.1237S"})
    assert xapi.put("statements", first, statementId=statement_id, headers=V2).status_code == 204
    same = statement(result={"duration": "P1DT12H36M0.12S"})
    assert xapi.put("statements", same, statementId=statement_id, headers=V2).status_code == 204
    other = statement(result={"duration": "P1DT12H36M0.13S"})
    assert xapi.put("statements", other, statementId=statement_id, headers=V2).status_code == 409
    assert (
        xapi.get("statements", statementId=statement_id).json()["result"]["duration"] == "P1DT12H36M0.1237S"
    )


def test_statement_comparison_cuts_durations_in_sub_statements_too():
    def with_durations(outer: str, inner: str) -> dict:
        sub = {"objectType": "SubStatement", **statement(result={"duration": inner})}
        return {
            "id": "6f2d7f4a-3c1e-4b8e-9a35-2f1e0c7d9b10",
            **statement(object=sub, result={"duration": outer}),
        }

    assert same_statement(with_durations("PT1.1S", "PT2,129S"), with_durations("PT1.10S", "PT2.12S"))
    assert not same_statement(with_durations("PT1S", "PT2.12S"), with_durations("PT1S", "PT2.13S"))
    assert not same_statement(with_durations("PT1S", "PT2S"), with_durations("PT1M", "PT2S"))
