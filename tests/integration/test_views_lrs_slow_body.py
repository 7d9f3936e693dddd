"""A client that stops sending its body half-way (issue 9): under gunicorn with production's
settings the worker answers 408 after LRS_BODY_TIMEOUT_SECONDS instead of waiting until gunicorn
kills it, is free for the next request at once, and nothing of the body is stored — also when the
client closes its side early, which Django reads as a short body."""

import base64
import json
import socket
import time
from collections.abc import Iterator

import httpx
import pytest

from content.lrs.models import Statement
from content.lrs.services import lrs_client_create
from tests.content.lrs.conftest import statement
from tests.integration.gunicorn import gunicorn_server

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def server() -> Iterator[int]:
    """One gunicorn sync worker (production's settings) on the test database; yields its port."""
    with gunicorn_server(workers=1) as origin:
        yield int(origin.rsplit(":", 1)[1])


def _send_part(port: int, *, close_early: bool) -> tuple[bytes, float]:
    """POSTs a statement whose Content-Length promises 10 bytes more than are sent."""
    client, secret = lrs_client_create(name="Slow client")
    token = base64.b64encode(f"{client.key}:{secret}".encode()).decode()
    body = json.dumps(statement()).encode()
    head = (
        f"POST /xapi/statements HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body) + 10}\r\nAuthorization: Basic {token}\r\n"
        "X-Experience-API-Version: 1.0.3\r\nX-Forwarded-Proto: https\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        started = time.monotonic()
        sock.sendall(head + body)
        if close_early:
            sock.shutdown(socket.SHUT_WR)
        status_line = sock.makefile("rb").readline()
        return status_line, time.monotonic() - started


@pytest.mark.parametrize(("close_early", "status"), [(False, b" 408 "), (True, b" 400 ")])
def test_a_body_that_stops_arriving_frees_the_worker_and_stores_nothing(server, close_early, status):
    status_line, waited = _send_part(server, close_early=close_early)
    assert status in status_line
    assert waited < 20  # gunicorn would kill a silent worker after 30 s
    https = {"X-Forwarded-Proto": "https"}  # as from production's TLS proxy
    assert httpx.get(f"http://127.0.0.1:{server}/xapi/about", headers=https, timeout=5).status_code == 200
    assert not Statement.objects.exists()
