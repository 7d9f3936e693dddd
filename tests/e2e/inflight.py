"""The requests the live server is still answering, so that a test ends only when they are done.

A page leaves requests behind it: the last commit a lesson sends with ``keepalive`` as it closes,
an outbox's retry, the admin's own fetches. Were the test's data flushed while the live server
still answered one, the flush's TRUNCATE and the request's writes would wait for each other
(PostgreSQL reports a deadlock, and the next test errors), or the request would find its rows
gone. The e2e settings put this middleware first; the browser tier waits for ``idle()``.
"""

import threading
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

_lock = threading.Lock()
_in_flight = 0
_last_finished = 0.0


class CountRequestsInFlight:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        global _in_flight, _last_finished
        with _lock:
            _in_flight += 1
        try:
            return self.get_response(request)
        finally:
            with _lock:
                _in_flight -= 1
                _last_finished = time.monotonic()


def idle(*, quiet: float = 1.0, timeout: float = 30.0) -> bool:
    """Waits until no request has been in flight for ``quiet`` seconds; False if that never came.

    The quiet time covers a request the browser sent just before its context closed and that the
    server has not yet begun to answer.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with _lock:
            busy = _in_flight > 0
            since = time.monotonic() - _last_finished
        if not busy and since >= quiet:
            return True
        time.sleep(0.1)
    return False
