"""The request id: one per request, taken from nginx's X-Request-ID when it is safe, else made here.

It lives in a context variable, so log records of the request (``RequestIdFilter``) and the Celery
tasks it queues (lms.observability.tasks) carry it without being handed it. It goes back to the
client on the response, so a trainee's "it failed" can be matched with the server's logs.
"""

import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
# nginx's $request_id is 32 hex digits; a client may send its own through nginx: letters, digits
# and - _ . only, so it cannot forge log lines or inject into the response header.
SAFE = re.compile(r"[A-Za-z0-9._-]{8,128}")

_current: ContextVar[str] = ContextVar("request_id", default="")


def request_id() -> str:
    """The id of the request (or task) being served; empty outside one."""
    return _current.get()


@contextmanager
def request_id_set(value: str) -> Iterator[None]:
    token = _current.set(value)
    try:
        yield
    finally:
        _current.reset(token)


def request_id_for(request: HttpRequest) -> str:
    given = request.headers.get(HEADER, "")
    return given if SAFE.fullmatch(given) else uuid.uuid4().hex


class RequestIdMiddleware:
    """First in MIDDLEWARE: the id covers everything the request does, and is on every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        value = request_id_for(request)
        request.request_id = value
        with request_id_set(value):
            response = self.get_response(request)
        response[HEADER] = value
        return response
