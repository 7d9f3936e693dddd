"""Forwarding to an external LRS that is down for a while: every statement arrives exactly once,
in storage order, and nothing acknowledged is sent again."""

import json
from http.server import BaseHTTPRequestHandler

import pytest

from content.lrs.forwarding import backoff_seconds, forward_pending
from content.lrs.models import ForwardingDestination, OutboxEntry, Statement
from content.tasks import lrs_forward_sweep
from tests.loopback import LoopbackServer

from .conftest import statement

pytestmark = pytest.mark.django_db


class RemoteLrs(LoopbackServer):
    """A small xAPI endpoint on a loopback port: answers 503 to the first ``down_for`` requests."""

    def __init__(self, down_for: int) -> None:
        self.down_for = down_for
        self.requests = 0
        self.received: list[str] = []
        self.versions: list[str] = []
        remote = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                remote.requests += 1
                remote.versions.append(self.headers["X-Experience-API-Version"])
                if remote.requests <= remote.down_for:
                    self.send_response(503)
                    self.end_headers()
                    return
                payload = json.loads(body)
                statements = payload if isinstance(payload, list) else [payload]
                remote.received.extend(s["id"] for s in statements)
                answer = json.dumps([s["id"] for s in statements]).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args: object) -> None:
                pass

        super().__init__(Handler)

    @property
    def endpoint(self) -> str:
        return f"{self.url}xapi/"


@pytest.fixture
def fast_retries(settings):
    settings.LRS_FORWARD_BACKOFF_BASE = 0
    settings.LRS_FORWARD_BATCH_SIZE = 7


def _store(xapi, count: int) -> list[str]:
    ids: list[str] = []
    for start in range(0, count, 10):
        ids += xapi.post("statements", [statement() for _ in range(min(10, count - start))]).json()
    return ids


def test_statements_arrive_once_in_storage_order_after_the_remote_comes_back(xapi, fast_retries, settings):
    with RemoteLrs(down_for=4) as remote:
        ForwardingDestination.objects.create(name="Ministry LRS", endpoint=remote.endpoint)
        # Forwarding runs on commit; in the test tier tasks run in-process, and the remote is down.
        ids = _store(xapi, 40)
        destination = ForwardingDestination.objects.get()
        rounds = 0
        while OutboxEntry.objects.filter(sent_at__isnull=True).exists():
            rounds += 1
            assert rounds < 20
            forward_pending(destination_id=destination.pk)
        # Nothing pending: running again sends nothing.
        before = remote.requests
        assert forward_pending(destination_id=destination.pk) == 0
        assert remote.requests == before
    stored_order = [str(i) for i in Statement.objects.order_by("pk").values_list("statement_id", flat=True)]
    assert remote.received == stored_order == ids
    destination.refresh_from_db()
    assert destination.consecutive_failures == 0
    assert destination.last_success_at is not None


def test_a_failure_backs_off_and_nothing_is_sent_during_the_back_off(
    xapi, settings, django_capture_on_commit_callbacks
):
    settings.LRS_FORWARD_BACKOFF_BASE = 3600
    with RemoteLrs(down_for=100) as remote:
        destination = ForwardingDestination.objects.create(name="Down", endpoint=remote.endpoint)
        with django_capture_on_commit_callbacks(execute=True):
            _store(xapi, 3)
        requests = remote.requests
        assert requests == 1  # the on-commit attempt
        assert forward_pending(destination_id=destination.pk) == 0
        assert remote.requests == requests  # backing off: not tried again yet
    destination.refresh_from_db()
    assert destination.consecutive_failures == 1
    assert "503" in destination.last_error
    assert lrs_forward_sweep() == 0


def test_statements_of_xapi_2_are_forwarded_as_xapi_2(xapi, settings):
    """ADR 0020: a batch holding a 2.0 statement goes out under 2.0, where contextAgents are valid."""
    with RemoteLrs(down_for=0) as remote:
        destination = ForwardingDestination.objects.create(name="Ministry LRS", endpoint=remote.endpoint)
        xapi.post("statements", [statement()])
        forward_pending(destination_id=destination.pk)
        xapi.post("statements", [statement()], headers={"X-Experience-API-Version": "2.0.0"})
        forward_pending(destination_id=destination.pk)
    assert remote.versions == ["1.0.3", "2.0.0"]


def test_back_off_grows_and_is_capped(settings):
    settings.LRS_FORWARD_BACKOFF_BASE = 10
    settings.LRS_FORWARD_BACKOFF_MAX = 900
    assert [backoff_seconds(n) for n in (1, 2, 3, 10)] == [10, 20, 40, 900]


def test_the_destination_filter_and_switch(xapi):
    ForwardingDestination.objects.create(
        name="Attendance only", endpoint="http://127.0.0.1:9/xapi/", verb_ids=["http://example.org/other"]
    )
    ForwardingDestination.objects.create(name="Off", endpoint="http://127.0.0.1:9/xapi/", is_active=False)
    _store(xapi, 2)
    assert OutboxEntry.objects.count() == 0


def test_a_destination_added_later_gets_the_statements_stored_after_it(xapi):
    _store(xapi, 1)  # no destination yet (and that is cached)
    destination = ForwardingDestination.objects.create(name="New", endpoint="http://127.0.0.1:9/xapi/")
    _store(xapi, 2)
    assert OutboxEntry.objects.filter(destination=destination).count() == 2
    destination.is_active = False
    destination.save()
    _store(xapi, 1)
    assert OutboxEntry.objects.count() == 2
