"""Which object-storage errors are an outage (503, try again) and which are not (ADR 0024):
botocore's own exception objects, as the S3 client raises them, with no network."""

import pytest
from botocore.exceptions import (
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    ParamValidationError,
    ReadTimeoutError,
    SSLError,
)

from lms.errors import fault_of
from lms.storage import storage_out_of_reach

ENDPOINT = "http://127.0.0.1:9000/tadrib/media/plan.pdf"


def answered(status: int, code: str) -> ClientError:
    return ClientError({"Error": {"Code": code}, "ResponseMetadata": {"HTTPStatusCode": status}}, "GetObject")


@pytest.mark.parametrize(
    "error",
    [
        EndpointConnectionError(endpoint_url=ENDPOINT),
        ConnectTimeoutError(endpoint_url=ENDPOINT),
        ReadTimeoutError(endpoint_url=ENDPOINT),
        ConnectionClosedError(endpoint_url=ENDPOINT),
        answered(500, "InternalError"),
        answered(502, "BadGateway"),
        answered(503, "ServiceUnavailable"),
        answered(503, "SlowDown"),
        answered(504, "GatewayTimeout"),
        # Throttling codes mean "not now" whatever status a service carries them with.
        answered(400, "SlowDown"),
    ],
    ids=lambda error: f"{type(error).__name__}-{getattr(error, 'operation_name', '')}-{error}"[:60],
)
def test_an_unreachable_or_failing_storage_is_an_outage(error):
    assert storage_out_of_reach(error)
    assert fault_of(error) == "storage"


@pytest.mark.parametrize(
    "error",
    [
        answered(404, "NoSuchKey"),
        answered(404, "404"),
        answered(404, "NoSuchBucket"),
        answered(403, "AccessDenied"),
        answered(403, "SignatureDoesNotMatch"),
        answered(400, "InvalidRequest"),
        answered(0, ""),
        NoCredentialsError(),
        ParamValidationError(report="Bucket must be a string"),
        # A certificate the machine does not trust will not fix itself in a minute.
        SSLError(endpoint_url=ENDPOINT, error="certificate verify failed"),
        OSError("a local disk error"),
        RuntimeError("a bug"),
    ],
    ids=repr,
)
def test_a_refusal_a_missing_object_or_a_bug_is_not_an_outage(error):
    assert not storage_out_of_reach(error)
    assert fault_of(error) != "storage"


def test_an_outage_wrapped_in_another_error_is_still_an_outage():
    try:
        try:
            raise EndpointConnectionError(endpoint_url=ENDPOINT)
        except EndpointConnectionError as outage:
            raise RuntimeError("could not store the upload") from outage
    except RuntimeError as wrapped:
        assert not storage_out_of_reach(wrapped), "only the error itself is judged"
        assert fault_of(wrapped) == "storage", "the handler looks at its cause"


def test_a_client_error_without_response_metadata_is_judged_by_its_code():
    assert storage_out_of_reach(ClientError({"Error": {"Code": "SlowDown"}}, "PutObject"))
    assert not storage_out_of_reach(ClientError({"Error": {"Code": "NoSuchKey"}}, "GetObject"))
