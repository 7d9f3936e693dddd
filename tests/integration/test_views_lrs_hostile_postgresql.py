"""Acceptance 2 of issue 9 on PostgreSQL, where most of the LRS's 500s were: generated hostile
requests to every LRS resource are never answered 500, and a refused one stores nothing
(tests/content/lrs/hostile.py); and the faults PostgreSQL alone showed, one by one."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from content.lrs.models import Document, Statement
from content.lrs.services import lrs_client_create
from tests.content.lrs import hostile
from tests.content.lrs.conftest import XapiClient, statement

# Transactional: outside a transaction, as in production, a PostgreSQL error is not hidden by a
# savepoint, and the LRS's one-statement write path is the one taken.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

AGENT = json.dumps({"mbox": "mailto:trainee@example.org"})
ACTIVITY = "https://tadrib.example/activities/1"


@pytest.fixture
def headers() -> dict[str, dict[str, str]]:
    return hostile.credentials()


@pytest.fixture
def xapi() -> XapiClient:
    client, secret = lrs_client_create(name="Integration client")
    return XapiClient(client.key, secret)


@pytest.mark.parametrize("resource", hostile.RESOURCES)
@settings(hostile.FUZZ, max_examples=max(hostile.FUZZ.max_examples // 2, 1))
@given(data=st.data())
def test_hostile_requests_get_no_500_and_a_refusal_stores_nothing(headers, resource, data):
    request = data.draw(hostile.requests(resource))
    who = data.draw(st.sampled_from(sorted(headers)))
    hostile.check(request, headers[who])


@pytest.mark.parametrize(
    "overrides",
    [
        {"actor": {"name": "a\u0000b", "mbox": "mailto:trainee@example.org"}},  # text cannot hold NUL
        {"object": {"id": "https://tadrib.example/" + "a" * 3000}},  # B-tree entries stop at ~2.7 KB
        {"timestamp": "0001-01-01T00:00:00+01:00"},  # before year 1 in UTC
        {"result": {"score": {"raw": float("nan")}}},  # was stored as null
    ],
)
def test_what_postgresql_refused_is_a_400_and_nothing_is_stored(xapi, overrides):
    response = xapi.post("statements", json.dumps(statement(**overrides)))
    assert response.status_code == 400
    assert response.json()["error"]
    assert not Statement.objects.exists()


def test_an_offset_beyond_postgresqls_range_is_stored_in_utc(xapi):
    [statement_id] = xapi.post("statements", statement(timestamp="2026-03-01T10:00:00+23:00")).json()
    assert Statement.objects.get().timestamp.isoformat() == "2026-02-28T11:00:00+00:00"
    assert xapi.get("statements", statementId=statement_id).json()["timestamp"] == "2026-03-01T10:00:00+23:00"
    assert xapi.get("statements", since="2026-03-01T00:00:00+23:30").status_code == 200


def test_nul_and_overlong_document_ids_are_refused(xapi):
    params = {"activityId": ACTIVITY, "agent": AGENT}
    assert xapi.put("activities/state", {"a": 1}, stateId="a\x00b", **params).status_code == 400
    assert xapi.put("activities/state", {"a": 1}, stateId="s" * 3000, **params).status_code == 400
    response = xapi.put(
        "activities/state", "x", content_type="text/plain; x=" + "y" * 300, stateId="s", **params
    )
    assert response.status_code == 400
    assert not Document.objects.exists()
