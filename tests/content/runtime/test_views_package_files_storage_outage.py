"""A package file while the object storage does not answer (ADR 0024): 503 with Retry-After, not
the 404 of a missing file — botocore's timeouts are OSErrors, which the view takes for a name the
disk refuses — and not a 500. botocore's exception objects, with no network."""

import pytest
from botocore.exceptions import ClientError, ConnectTimeoutError, EndpointConnectionError, ReadTimeoutError
from django.test import Client

ENDPOINT = "http://127.0.0.1:9000/tadrib/media/content/packages/x/index.html"


@pytest.fixture(autouse=True)
def origins(settings):
    settings.SITE_URL = "http://localhost"
    settings.CONTENT_ORIGIN = "http://127.0.0.1"


def package_file_answer(version, monkeypatch, error: Exception):
    def failing(*args, **kwargs):
        raise error

    monkeypatch.setattr("content.player.views.stored_file_response", failing)
    folder = version.storage_prefix.rstrip("/").rpartition("/")[2]
    client = Client(raise_request_exception=False, HTTP_ACCEPT="text/html")
    return client.get(f"/play/c/files/{folder}/index.html", HTTP_HOST="127.0.0.1")


@pytest.mark.parametrize(
    "error",
    [
        ReadTimeoutError(endpoint_url=ENDPOINT),
        ConnectTimeoutError(endpoint_url=ENDPOINT),
        EndpointConnectionError(endpoint_url=ENDPOINT),
        ClientError(
            {"Error": {"Code": "SlowDown"}, "ResponseMetadata": {"HTTPStatusCode": 503}}, "GetObject"
        ),
    ],
    ids=lambda error: type(error).__name__,
)
def test_a_package_file_from_a_storage_out_of_reach_is_503_with_retry_after(
    scorm12_setup, monkeypatch, error
):
    _trainee, _activity, version = scorm12_setup
    response = package_file_answer(version, monkeypatch, error)
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "Traceback" not in response.text and "127.0.0.1:9000" not in response.text


def test_a_name_the_disk_refuses_is_still_not_found(scorm12_setup, monkeypatch):
    _trainee, _activity, version = scorm12_setup
    assert package_file_answer(version, monkeypatch, OSError(36, "File name too long")).status_code == 404
