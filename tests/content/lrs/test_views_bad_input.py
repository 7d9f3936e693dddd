"""Bad input found by trying the LRS as a careless or hostile client would (issue 9): each request
is answered 4xx with the JSON path of the fault where there is one, and nothing is stored.

Each test here failed before its fix with a 500 (an exception out of the view), a wrong status or
a stored row; tests/integration/test_views_lrs_bad_input_postgresql.py repeats those whose cause
was PostgreSQL's.
"""

import io
import json
from urllib.parse import urlencode

import pytest
from django.test import Client

from content.lrs.models import Document, Statement

from .conftest import new_id, statement

pytestmark = pytest.mark.django_db

AGENT = json.dumps({"mbox": "mailto:trainee@example.org"})
ACTIVITY = "https://tadrib.example/activities/1"


def _nothing_stored() -> bool:
    return not Statement.objects.exists() and not Document.objects.exists()


@pytest.mark.parametrize("name", ["statementId", "voidedStatementId", "registration"])
def test_a_uuid_followed_by_a_newline_is_refused(xapi, name):
    response = xapi.get("statements", **{name: new_id() + "\n"})
    assert response.status_code == 400
    assert name in response.json()["error"]


def test_a_statement_id_followed_by_a_newline_is_refused_and_not_stored(xapi):
    response = xapi.put("statements", statement(), statementId=new_id() + "\n")
    assert response.status_code == 400
    assert _nothing_stored()


def test_a_mailbox_followed_by_a_newline_is_not_another_agent(xapi):
    sent = statement(actor={"mbox": "mailto:trainee@example.org\n"})
    response = xapi.post("statements", sent)
    assert response.status_code == 400
    assert response.json()["error"] == 'statements[0].actor.mbox: must be a "mailto:" IRI'
    assert _nothing_stored()


@pytest.mark.parametrize(
    ("overrides", "path"),
    [
        ({"timestamp": "2026-01-01T00:00:00Z\n"}, "statements[0].timestamp"),
        ({"verb": {"id": "http://adlnet.gov/expapi/verbs/attended\n"}}, "statements[0].verb.id"),
        ({"version": "1.0.3\n"}, "statements[0].version"),
        ({"result": {"duration": "PT1M\n"}}, "statements[0].result.duration"),
        ({"context": {"language": "ar\n"}}, "statements[0].context.language"),
    ],
)
def test_no_pattern_accepts_a_trailing_newline(xapi, overrides, path):
    response = xapi.post("statements", statement(**overrides))
    assert response.status_code == 400
    assert response.json()["error"].startswith(f"{path}: ")
    assert _nothing_stored()


def test_an_error_names_the_json_path_of_the_fault(xapi):
    response = xapi.post("statements", [statement(), statement(verb={"id": "attended"})])
    assert response.status_code == 400
    assert response.json() == {
        "error": "statements[1].verb.id: must be an absolute IRI",
        "path": "statements[1].verb.id",
    }


def _nested(depth: int) -> str:
    """A statement whose result extension nests ``depth`` objects (written out: json.dumps
    itself gives up near 1,000)."""
    deep = '{"k":' * depth + '"deep"' + "}" * depth
    return (
        '{"result": {"extensions": {"https://tadrib.example/ext": '
        + deep
        + "}}, "
        + json.dumps(statement())[1:]
    )


@pytest.mark.parametrize("depth", [200, 1_100, 5_000])
def test_json_nested_too_deep_is_refused(xapi, depth):
    body = _nested(depth)
    response = xapi.post("statements", body)
    assert response.status_code == 400
    assert "deeper" in response.json()["error"]
    params = {"activityId": ACTIVITY, "agent": AGENT, "stateId": "s"}
    assert xapi.put("activities/state", body, **params).status_code == 204  # kept as sent, not parsed
    assert xapi.post("activities/state", body, **params).status_code == 400
    assert xapi.get("statements", agent='{"name":' + body + "}").status_code == 400
    assert not Statement.objects.exists()


@pytest.mark.parametrize(
    "timestamp",
    ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "0001-01-01T00:30:00+23:59"],
)
def test_a_timestamp_whose_utc_time_is_out_of_range_is_refused(xapi, timestamp):
    response = xapi.post("statements", statement(timestamp=timestamp))
    assert response.status_code == 400
    assert response.json()["path"] == "statements[0].timestamp"
    assert xapi.get("statements", since=timestamp).status_code == 400
    assert xapi.get("activities/state", activityId=ACTIVITY, agent=AGENT, since=timestamp).status_code == 400
    assert _nothing_stored()


def test_a_far_offset_is_stored_as_the_same_moment_in_utc(xapi):
    [statement_id] = xapi.post("statements", statement(timestamp="2026-03-01T10:00:00+23:00")).json()
    assert Statement.objects.get().timestamp.isoformat() == "2026-02-28T11:00:00+00:00"
    assert xapi.get("statements", statementId=statement_id).json()["timestamp"] == "2026-03-01T10:00:00+23:00"


@pytest.mark.parametrize("limit", ["²", "٣", "-1", "1.5", "9" * 5000])
def test_a_limit_that_is_not_ascii_digits_or_is_absurdly_long_is_handled(xapi, limit):
    response = xapi.get("statements", limit=limit)
    if limit == "9" * 5000:
        assert response.status_code == 200  # a very large limit is the largest page
    else:
        assert response.status_code == 400


@pytest.mark.parametrize(
    "overrides",
    [
        {"object": {"id": "https://tadrib.example/" + "a" * 3000}},
        {"verb": {"id": "https://tadrib.example/" + "v" * 3000}},
        {"actor": {"mbox": "mailto:" + "a" * 3000 + "@example.org"}},
        {"actor": {"openid": "https://openid.example/" + "o" * 3000}},
        {"actor": {"account": {"homePage": "https://tadrib.example", "name": "n" * 3000}}},
        {"context": {"contextActivities": {"parent": [{"id": "https://tadrib.example/" + "p" * 3000}]}}},
    ],
)
def test_an_identifier_too_long_to_index_is_refused(xapi, overrides):
    response = xapi.post("statements", statement(**overrides))
    assert response.status_code == 400
    assert "bytes" in response.json()["error"]
    assert _nothing_stored()


def test_document_identifiers_too_long_to_index_are_refused(xapi):
    long_activity = "https://tadrib.example/" + "a" * 990
    long_agent = json.dumps(
        {"account": {"homePage": "https://tadrib.example/" + "h" * 900, "name": "n" * 999}}
    )
    params = {"activityId": long_activity, "agent": long_agent, "stateId": "s" * 999}
    assert xapi.put("activities/state", {"a": 1}, **params).status_code == 400
    assert (
        xapi.put(
            "activities/state", {"a": 1}, stateId="s" * 1001, activityId=ACTIVITY, agent=AGENT
        ).status_code
        == 400
    )
    assert _nothing_stored()


@pytest.mark.parametrize(
    "body",
    [
        json.dumps(statement(actor={"name": "a\u0000b", "mbox": "mailto:trainee@example.org"})),
        json.dumps(statement(result={"extensions": {"https://tadrib.example/x": {"k\u0000": 1}}})),
        json.dumps(statement(result={"response": "\ud800"})),  # a lone surrogate
    ],
)
def test_nul_characters_and_lone_surrogates_in_statements_are_refused(xapi, body):
    response = xapi.post("statements", body)
    assert response.status_code == 400
    assert _nothing_stored()


def test_nul_characters_in_parameters_are_refused(xapi):
    params = {"activityId": ACTIVITY, "agent": AGENT}
    assert xapi.put("activities/state", {"a": 1}, stateId="a\x00b", **params).status_code == 400
    assert xapi.get("activities/state", stateId="a\x00b", **params).status_code == 400
    assert xapi.get("statements", verb="https://x.example/\x00").status_code == 400
    assert _nothing_stored()


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999", "-1e999"])
def test_non_finite_numbers_are_refused_not_stored_as_null(xapi, number):
    body = json.dumps(statement()).replace(
        '"object"', f'"result": {{"score": {{"raw": {number}}}}}, "object"'
    )
    response = xapi.post("statements", body)
    assert response.status_code == 400
    assert _nothing_stored()
    params = {"activityId": ACTIVITY, "agent": AGENT, "stateId": "s"}
    assert xapi.post("activities/state", f'{{"n": {number}}}', **params).status_code == 400
    assert _nothing_stored()


def test_a_content_type_longer_than_its_column_is_refused(xapi):
    params = {"activityId": ACTIVITY, "agent": AGENT, "stateId": "s"}
    response = xapi.put("activities/state", "x", content_type="text/plain; x=" + "y" * 300, **params)
    assert response.status_code == 400
    assert _nothing_stored()


# --- Bodies that are not what their headers say ----------------------------------------------


def _raw(xapi, method: str, path: str, body: bytes, **meta: str):
    """A request whose WSGI input and Content-Length are set by hand, as a server would pass them."""
    environ = {
        "REQUEST_METHOD": method,
        "CONTENT_TYPE": "application/json",
        "wsgi.input": io.BytesIO(body),
        **{f"HTTP_{name.upper().replace('-', '_')}": value for name, value in xapi.headers.items()},
        **meta,
    }
    client = Client()
    path, _, query = path.partition("?")
    return client.generic(method, f"/xapi/{path}", data=b"", QUERY_STRING=query, **environ)


def test_a_chunked_body_is_read_where_the_server_ends_the_stream(xapi):
    body = json.dumps(statement()).encode()
    response = _raw(
        xapi,
        "POST",
        "statements",
        body,
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input_terminated": True},
    )
    assert response.status_code == 200
    assert Statement.objects.count() == 1


def test_a_chunked_body_the_server_cannot_end_is_refused_not_read_as_empty(xapi):
    query = "activities/state?" + urlencode({"activityId": ACTIVITY, "agent": AGENT, "stateId": "s"})
    response = _raw(xapi, "PUT", query, b'{"page": 3}', CONTENT_LENGTH="", HTTP_TRANSFER_ENCODING="chunked")
    assert response.status_code == 411
    assert _nothing_stored()


def test_a_body_shorter_than_its_content_length_is_refused_and_not_stored(xapi):
    body = json.dumps(statement()).encode()
    response = _raw(xapi, "POST", "statements", body, CONTENT_LENGTH=str(len(body) + 10))
    assert response.status_code == 400
    assert "Content-Length" in response.json()["error"]
    query = "activities/state?" + urlencode({"activityId": ACTIVITY, "agent": AGENT, "stateId": "s"})
    response = _raw(xapi, "PUT", query, b'{"page": 3}', CONTENT_LENGTH="100")
    assert response.status_code == 400
    assert _nothing_stored()
