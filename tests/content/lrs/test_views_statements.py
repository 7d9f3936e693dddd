"""The Statements resource over HTTP: storing, reading, and every bad input answered with the
status xAPI 1.0.3 requires, with nothing stored."""

import hashlib
import json

import pytest

from content.lrs.models import Statement
from content.lrs.multipart import build

from .conftest import new_id, statement

pytestmark = pytest.mark.django_db


def test_post_stores_a_statement_with_stored_timestamp_and_authority_set_by_the_lrs(xapi):
    sent = statement(authority={"mbox": "mailto:forged@example.org"})
    response = xapi.post("statements", sent)
    assert response.status_code == 200
    [statement_id] = response.json()
    got = xapi.get("statements", statementId=statement_id).json()
    assert got["authority"]["account"]["name"] != "forged"
    assert "mbox" not in got["authority"]
    assert got["stored"].endswith("Z")
    assert got["timestamp"] == got["stored"]
    assert got["version"] == "1.0.0"


def test_put_then_get_by_query(xapi):
    statement_id = new_id()
    assert xapi.put("statements", statement(), statementId=statement_id).status_code == 204
    result = xapi.get("statements", agent=json.dumps({"mbox": "mailto:trainee@example.org"})).json()
    assert [s["id"] for s in result["statements"]] == [statement_id]
    assert result["more"] == ""


def test_responses_carry_the_version_and_consistency_headers(xapi):
    response = xapi.get("statements")
    assert response["X-Experience-API-Version"] == "1.0.3"
    assert response["X-Experience-API-Consistent-Through"]


def test_more_links_page_through_results_in_order(xapi):
    ids = xapi.post("statements", [statement() for _ in range(5)]).json()
    page = xapi.get("statements", limit=2, ascending="true").json()
    seen = [s["id"] for s in page["statements"]]
    while page["more"]:
        page = xapi.client.get(page["more"], headers=xapi.headers).json()
        seen += [s["id"] for s in page["statements"]]
    assert seen == ids


def test_voided_statements_are_only_found_by_voided_statement_id(xapi):
    [target] = xapi.post("statements", statement()).json()
    voiding = statement(
        verb={"id": "http://adlnet.gov/expapi/verbs/voided"},
        object={"objectType": "StatementRef", "id": target},
    )
    xapi.post("statements", voiding)
    assert xapi.get("statements", statementId=target).status_code == 404
    assert xapi.get("statements", voidedStatementId=target).status_code == 200


# --- Acceptance 4: bad input, the status the specification requires, nothing stored ---------


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b'{"actor": ', 400),  # malformed JSON
        (statement(verb={"id": "attended"}), 400),  # malformed verb id
        (statement(object={"id": "not an iri"}), 400),  # malformed activity id
        (statement(result={"score": {"raw": "ten"}}), 400),  # wrong type
        (statement(actor="trainee"), 400),  # wrong type
        ([statement(), statement(verb={"id": "bad verb"})], 400),  # one bad statement spoils the batch
    ],
)
def test_bad_statements_are_rejected_and_nothing_is_stored(xapi, body, status):
    response = xapi.post("statements", body)
    assert response.status_code == status
    assert response.json()["error"]
    assert Statement.objects.count() == 0


def test_a_post_of_an_empty_array_succeeds_and_stores_nothing(xapi):
    """Issue 14, point 5: CATAPULT-made cmi5 AUs POST [] on every exit."""
    import uuid

    from content.lrs.services import launch_token_issue

    response = xapi.post("statements", [])
    assert response.status_code == 200
    assert response.json() == []
    learner = {"account": {"homePage": "https://tadrib.example", "name": "42"}}
    token = launch_token_issue(actor=learner, registration=uuid.uuid4())
    headers = {"Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3"}
    by_token = xapi.client.post("/xapi/statements", "[]", content_type="application/json", headers=headers)
    assert (by_token.status_code, by_token.json()) == (200, [])
    assert Statement.objects.count() == 0


def test_an_empty_array_still_needs_a_writer_and_no_stray_attachment(xapi):
    from content.lrs.services import lrs_client_create

    from .conftest import XapiClient

    reader, secret = lrs_client_create(name="Reader", can_write=False)
    assert XapiClient(reader.key, secret).post("statements", []).status_code == 403
    boundary = "tadrib"
    body = (
        f"--{boundary}\r\nContent-Type: application/json\r\n\r\n[]\r\n"
        f"--{boundary}\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: binary\r\n"
        "X-Experience-API-Hash: 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824\r\n"
        f"\r\nhello\r\n--{boundary}--"
    )
    stray = xapi.post("statements", body, content_type=f"multipart/mixed; boundary={boundary}")
    assert stray.status_code == 400
    assert Statement.objects.count() == 0


def test_an_oversized_body_is_413(xapi, settings):
    settings.LRS_MAX_BODY_BYTES = 1000
    response = xapi.post("statements", [statement() for _ in range(20)])
    assert response.status_code == 413
    assert Statement.objects.count() == 0


def test_same_id_with_other_content_is_a_conflict(xapi):
    statement_id = new_id()
    assert xapi.put("statements", statement(), statementId=statement_id).status_code == 204
    assert xapi.put("statements", statement(), statementId=statement_id).status_code == 204  # same: fine
    other = statement(verb={"id": "http://adlnet.gov/expapi/verbs/failed"})
    assert xapi.put("statements", other, statementId=statement_id).status_code == 409
    assert xapi.post("statements", [statement(), {**other, "id": statement_id}]).status_code == 409
    assert Statement.objects.count() == 1


def test_a_batch_repeating_stored_statements_stores_only_the_new_ones(xapi):
    first, second = {**statement(), "id": new_id()}, {**statement(), "id": new_id()}
    assert xapi.post("statements", [first]).status_code == 200
    stored = xapi.get("statements", statementId=first["id"]).json()
    response = xapi.post("statements", [second, first])
    assert response.status_code == 200
    assert response.json() == [second["id"], first["id"]]
    assert Statement.objects.count() == 2
    # The statement stored first is untouched by its repetition.
    assert xapi.get("statements", statementId=first["id"]).json() == stored


def test_a_conflict_in_a_batch_stores_nothing_of_it(xapi):
    first = {**statement(), "id": new_id()}
    assert xapi.post("statements", [first]).status_code == 200
    other = {**first, "verb": {"id": "http://adlnet.gov/expapi/verbs/failed"}}
    assert xapi.post("statements", [{**statement(), "id": new_id()}, other]).status_code == 409
    assert xapi.post("statements", [first, other]).status_code == 400  # one id twice in a batch
    assert Statement.objects.count() == 1


def test_activity_definitions_are_merged_into_the_canonical_one(xapi):
    activity = "https://tadrib.example/activities/merged"

    def with_definition(definition: dict) -> dict:
        return statement(object={"objectType": "Activity", "id": activity, "definition": definition})

    lesson = "http://adlnet.gov/expapi/activities/lesson"
    assert (
        xapi.post("statements", with_definition({"name": {"en": "Lesson"}, "type": lesson})).status_code
        == 200
    )
    assert xapi.post("statements", with_definition({"name": {"ar": "درس"}})).status_code == 200
    assert xapi.post("statements", with_definition({"name": {"ar": "درس"}})).status_code == 200  # unchanged
    assert xapi.post("statements", with_definition({"description": {"en": "One lesson"}})).status_code == 200
    assert xapi.get("activities", activityId=activity).json()["definition"] == {
        "name": {"en": "Lesson", "ar": "درس"},
        "type": lesson,
        "description": {"en": "One lesson"},
    }


def _with_attachment(content: bytes, declared_hash: str, part_hash: str) -> tuple[bytes, str]:
    data = statement(
        attachments=[
            {
                "usageType": "http://example.org/attachment/certificate",
                "display": {"en": "certificate"},
                "contentType": "text/plain",
                "length": len(content),
                "sha2": declared_hash,
            }
        ]
    )
    return build(json.dumps(data).encode(), [(part_hash, "text/plain", content)])


def test_an_attachment_is_stored_and_returned(xapi):
    content = b"certificate text"
    sha2 = hashlib.sha256(content).hexdigest()
    body, content_type = _with_attachment(content, sha2, sha2)
    response = xapi.post("statements", body, content_type=content_type)
    assert response.status_code == 200
    [statement_id] = response.json()
    got = xapi.get("statements", statementId=statement_id, attachments="true")
    assert got["Content-Type"].startswith("multipart/mixed")
    assert content in got.content


def test_an_attachment_with_a_wrong_hash_is_rejected(xapi):
    content = b"certificate text"
    wrong = hashlib.sha256(b"something else").hexdigest()
    body, content_type = _with_attachment(content, wrong, wrong)
    response = xapi.post("statements", body, content_type=content_type)
    assert response.status_code == 400
    assert Statement.objects.count() == 0


def test_an_attachment_without_its_part_is_rejected(xapi):
    data = statement(
        attachments=[
            {
                "usageType": "http://example.org/attachment/certificate",
                "display": {"en": "c"},
                "contentType": "text/plain",
                "length": 3,
                "sha2": hashlib.sha256(b"abc").hexdigest(),
            }
        ]
    )
    assert xapi.post("statements", data).status_code == 400
    assert Statement.objects.count() == 0


# --- Who may call ------------------------------------------------------------------------------


def test_requests_without_credentials_or_version_are_refused(xapi):
    assert (
        xapi.client.get("/xapi/statements", headers={"X-Experience-API-Version": "1.0.3"}).status_code == 401
    )
    assert (
        xapi.client.get(
            "/xapi/statements", headers={"Authorization": xapi.headers["Authorization"]}
        ).status_code
        == 400
    )
    assert xapi.client.get("/xapi/about").status_code == 200


def test_a_revoked_client_is_refused(xapi):
    from content.lrs.models import LrsClient
    from content.lrs.services import lrs_client_revoke

    assert xapi.get("statements").status_code == 200  # the client is cached from now on
    lrs_client_revoke(client=LrsClient.objects.get())
    assert xapi.get("statements").status_code == 401


def test_a_client_changed_in_the_admin_is_seen_at_once(xapi):
    from content.lrs.models import LrsClient

    assert xapi.post("statements", statement()).status_code == 200
    client = LrsClient.objects.get()
    client.can_write = False
    client.save()
    assert xapi.post("statements", statement()).status_code == 403
    LrsClient.objects.all().delete()
    assert xapi.get("statements").status_code == 401


def test_a_read_only_client_cannot_write_and_own_only_reads_its_own(xapi):
    from content.lrs.services import lrs_client_create

    from .conftest import XapiClient

    xapi.post("statements", statement())
    reader, secret = lrs_client_create(name="Reader", can_write=False, own_statements_only=True)
    other = XapiClient(reader.key, secret)
    assert other.post("statements", statement()).status_code == 403
    assert other.get("statements").json()["statements"] == []


def test_a_launch_token_writes_only_its_learner_in_its_registration(xapi):
    import uuid

    from content.lrs.services import launch_token_issue

    registration = uuid.uuid4()
    learner = {"account": {"homePage": "https://tadrib.example", "name": "42"}}
    token = launch_token_issue(actor=learner, registration=registration)
    headers = {"Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3"}
    own = statement(actor=learner, context={"registration": str(registration)})
    post = xapi.client.post(
        "/xapi/statements", json.dumps(own), content_type="application/json", headers=headers
    )
    assert post.status_code == 200
    stranger = statement(context={"registration": str(registration)})
    post = xapi.client.post(
        "/xapi/statements", json.dumps(stranger), content_type="application/json", headers=headers
    )
    assert post.status_code == 403


def test_cors_preflight_allows_the_content_origin(xapi, settings):
    response = xapi.client.options("/xapi/statements", headers={"Origin": settings.CONTENT_ORIGIN})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == settings.CONTENT_ORIGIN
    assert "X-Experience-API-Version" in response["Access-Control-Allow-Headers"]


def test_alternate_request_syntax(xapi):
    from urllib.parse import urlencode

    form = urlencode(
        {
            "Authorization": xapi.headers["Authorization"],
            "X-Experience-API-Version": "1.0.3",
            "Content-Type": "application/json",
            "content": json.dumps(statement()),
            "statementId": new_id(),
        }
    )
    response = xapi.client.post(
        "/xapi/statements?method=PUT", form, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 204
    assert Statement.objects.count() == 1
