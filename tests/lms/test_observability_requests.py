"""The request id round trip, the request's JSON log line, and /metrics closed to strangers."""

import json
import logging

import pytest
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from lms.observability.logs import JsonFormatter, RequestIdFilter
from lms.observability.requestid import SAFE

pytestmark = pytest.mark.django_db


def test_a_safe_request_id_from_nginx_is_kept_and_returned(client, caplog):
    with caplog.at_level(logging.INFO, logger="tadrib.request"):
        response = client.get("/health/", HTTP_X_REQUEST_ID="4f1c2b9e0d7a46c3b5e8a1f2c3d4e5f6")
    assert response["X-Request-ID"] == "4f1c2b9e0d7a46c3b5e8a1f2c3d4e5f6"
    (record,) = [r for r in caplog.records if r.name == "tadrib.request"]
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "4f1c2b9e0d7a46c3b5e8a1f2c3d4e5f6"
    assert line["path"] == "/health/" and line["status"] == response.status_code and line["view"] == "health"
    assert line["duration_ms"] >= 0


@settings(max_examples=30, deadline=None)
@given(header=st.text(max_size=300))
def test_an_unsafe_request_id_is_replaced_never_echoed(header):
    try:
        response = Client().get("/health/", HTTP_X_REQUEST_ID=header)
    except (ValueError, UnicodeEncodeError):
        return  # the test client itself cannot send it; neither could a real one
    returned = response["X-Request-ID"]
    assert SAFE.fullmatch(returned)
    assert returned == header or not SAFE.fullmatch(header)


def test_without_a_header_each_request_gets_its_own_id(client):
    first, second = client.get("/health/")["X-Request-ID"], client.get("/health/")["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_log_lines_outside_a_request_say_so():
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "hello %s", ("there",), None)
    RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "hello there" and line["request_id"] == "-"


def test_metrics_are_refused_to_strangers(client, settings):
    settings.METRICS_TOKEN = "s3cret-token-for-prometheus"
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404
    # Through nginx everyone comes from loopback: the forwarded header makes the address not count.
    assert (
        client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 404
    )
    wrong = client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer guess")
    assert wrong.status_code == 404


def test_metrics_list_requests_tasks_and_ingest_for_allowed_callers(client, settings):
    settings.METRICS_TOKEN = "s3cret-token-for-prometheus"
    client.get("/health/")
    by_address = client.get("/metrics", REMOTE_ADDR="127.0.0.1")
    by_token = client.get(
        "/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer s3cret-token-for-prometheus"
    )
    assert by_address.status_code == by_token.status_code == 200
    text = by_token.content.decode()
    for name in (
        'tadrib_http_requests_total{method="GET",status="200",view="health"}',
        "tadrib_http_request_duration_seconds_bucket",
        "tadrib_http_exceptions_total",
        "tadrib_celery_tasks_total",
        "tadrib_lrs_statements_stored_total",
    ):
        assert name in text, name
    assert by_token["Cache-Control"].startswith("max-age=0")
