"""The LRS's PostgreSQL write path (one SQL statement per POST) behaves as the spec requires."""

import uuid

import pytest
from django.db import connection

from content.lrs.services import lrs_client_create
from tests.content.lrs.conftest import XapiClient, statement

# Transactional: the one-statement path is taken only outside a transaction, as in production.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def xapi() -> XapiClient:
    client, secret = lrs_client_create(name="Integration client")
    return XapiClient(client.key, secret)


def _activity(n: int) -> dict:
    return {"objectType": "Activity", "id": f"https://tadrib.example/activities/pg-{n}"}


def test_a_batch_is_stored_and_found_by_agent_and_activity(xapi):
    assert connection.vendor == "postgresql"
    batch = [statement(id=str(uuid.uuid4()), object=_activity(n)) for n in range(3)]
    response = xapi.post("statements", batch)
    assert response.status_code == 200
    assert response.json() == [s["id"] for s in batch]
    by_agent = xapi.get("statements", agent='{"mbox": "mailto:trainee@example.org"}')
    assert by_agent.status_code == 200
    assert {s["id"] for s in by_agent.json()["statements"]} == {s["id"] for s in batch}
    assert by_agent["X-Experience-API-Consistent-Through"]
    by_activity = xapi.get("statements", activity=_activity(1)["id"])
    assert [s["id"] for s in by_activity.json()["statements"]] == [batch[1]["id"]]


def test_a_conflicting_id_in_a_batch_stores_nothing_of_it(xapi):
    existing = statement(id=str(uuid.uuid4()), object=_activity(10))
    assert xapi.post("statements", existing).status_code == 200
    fresh = statement(id=str(uuid.uuid4()), object=_activity(11))
    changed = {**existing, "object": _activity(12)}
    response = xapi.post("statements", [fresh, changed])
    assert response.status_code == 409
    assert xapi.get("statements", statementId=fresh["id"]).status_code == 404


def test_the_same_statement_posted_twice_is_stored_once(xapi):
    same = statement(id=str(uuid.uuid4()), object=_activity(20))
    assert xapi.post("statements", same).status_code == 200
    assert xapi.post("statements", same).status_code in (200, 204)
    found = xapi.get("statements", activity=_activity(20)["id"]).json()["statements"]
    assert len(found) == 1
