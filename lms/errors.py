"""The server-error pages, rendered when anything may be broken — the database included.

Django's own ``server_error`` renders ``500.html`` in whatever language happens to be active.
When the database is down, the language middleware fails before it has chosen one (it reads the
signed-in person's preference), so this handler chooses again from what needs no database: the
language already chosen for this request, else the language cookie, else the site's default.
The 403 and 404 pages are Django's own handlers with our templates (``templates/40x.html``).

Four faults are not bugs and are answered as what they are (ADR 0024): the database out of reach
(a restart, a failover) is 503 with Retry-After, which the player's outbox and any HTTP client
retry; the object storage out of reach (refused, timed out, 5xx; ``lms.storage``) is 503 too,
logged as a warning rather than an error with its traceback; a disk with no room left is 507, a
refusal that nothing was kept; a request whose body stopped arriving (a phone that lost its link
while sending: Django's ``UnreadablePostError``) is 408, as the LRS answers it, with one warning
line: nothing was read, so nothing changed. 408, not 400: the player's outbox drops a commit
refused with 400 but sends it again after a 408. Django calls this handler inside its ``except``
block, so ``sys.exception()`` is the fault, wherever it was raised: in a view, or in a middleware
(the session, the language) before any view ran. Every 503 is counted in ``tadrib_http_unavailable``
by view and by the service that was out of reach.
"""

import errno
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse, UnreadablePostError
from django.template import loader
from django.utils import translation
from django.utils.log import log_response
from django.utils.translation import gettext_lazy as _

from lms.observability.metrics import UNAVAILABLE, view_name
from lms.storage import storage_out_of_reach

# Seconds a client is asked to wait before trying again while the database is out of reach:
# PostgreSQL restarts in a few seconds, and a failover takes tens.
RETRY_AFTER_SECONDS = 10
# An object store that stopped answering (a MinIO restart, a provider's incident) is back in tens
# of seconds at best; asking sooner only adds load to a service that is already struggling.
STORAGE_RETRY_AFTER_SECONDS = 30
_NO_ROOM = {errno.ENOSPC, errno.EDQUOT}
PAGES = {
    500: (
        _("Something went wrong"),
        _(
            "The fault is ours, not yours, and it has been recorded. Please try again in a few minutes; "
            "if it keeps happening, tell your training centre."
        ),
    ),
    503: (
        _("The service is briefly unavailable"),
        _(
            "The server cannot reach its database for a moment. Please try again in a minute; lessons "
            "keep your progress on your device and send it when the server answers again."
        ),
    ),
    "storage": (
        _("The service is briefly unavailable"),
        _(
            "The server cannot reach its file storage for a moment. Please try again in a minute; "
            "if you were sending a file, nothing of it was kept, so send it again then."
        ),
    ),
    "cut_off": (
        _("Your request did not arrive whole"),
        _(
            "The connection dropped while your device was sending, and nothing was changed. Please "
            "send it again."
        ),
    ),
    507: (
        _("There is no room to store this"),
        _(
            "The server has no room left to store what you sent, and nothing of it was kept. Please "
            "tell the administrator of your training centre, and try again later."
        ),
    ),
}


def language_without_database(request: HttpRequest) -> str:
    supported = dict(settings.LANGUAGES)
    for language in (
        getattr(request, "LANGUAGE_CODE", None),
        request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME),
    ):
        if language in supported:
            return language
    return settings.LANGUAGE_CODE


def _chain(error: BaseException | None) -> list[BaseException]:
    """``error`` and what caused it, outermost first (ten at most: a chain could loop)."""
    chain = []
    while error is not None and len(chain) < 10:
        chain.append(error)
        error = error.__cause__ or error.__context__
    return chain


def fault_of(error: BaseException | None) -> str | None:
    """``"database"`` when the database could not be reached, ``"storage"`` when the object
    storage could not, ``"disk"`` when the disk is full, ``"cut_off"`` when the client stopped
    sending its request's body, else None (a bug). The cause of a wrapped error counts too."""
    for link in _chain(error):
        if isinstance(link, UnreadablePostError):
            return "cut_off"
        if isinstance(link, OperationalError | InterfaceError):
            return "database"
        if storage_out_of_reach(link):
            return "storage"
        if isinstance(link, OSError) and link.errno in _NO_ROOM:
            return "disk"
    return None


def _wants_json(request: HttpRequest) -> bool:
    # Pages are asked for with Accept: text/html; the player's fetch() calls and xAPI clients are not.
    return "text/html" not in request.headers.get("Accept", "")


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    error = sys.exception()
    fault = fault_of(error)
    status, headers = {
        "database": (503, {"Retry-After": str(RETRY_AFTER_SECONDS)}),
        "storage": (503, {"Retry-After": str(STORAGE_RETRY_AFTER_SECONDS)}),
        "disk": (507, {}),
        "cut_off": (408, {}),
    }.get(fault, (500, {}))
    if fault == "database":
        UNAVAILABLE.labels(view_name(request), fault).inc()
    language = language_without_database(request)
    headers["Content-Language"] = language
    with translation.override(language):
        heading, message = (str(text) for text in PAGES[fault if fault in PAGES else status])
        if fault and _wants_json(request):
            response = JsonResponse({"error": message}, status=status, headers=headers)
        else:
            response = _page(request, template_name, status, heading, message, headers)
    if fault == "storage":
        _storage_outage_note(request, response, error)
    elif fault == "cut_off":
        # Django would log it as an error with its traceback; it is the mobile link, not a bug.
        log_response(
            "Request body cut off by the client (%s): %s",
            error,
            request.path,
            response=response,
            request=request,
            level="warning",
        )
    return response


def storage_outage_answer(
    *, request: HttpRequest, response: HttpResponse, error: BaseException
) -> HttpResponse:
    """``response`` — a form shown again, saying that nothing of the upload was kept — made the
    answer to an object-storage outage (``error``, or its cause): 503 with Retry-After, as the
    error page would be, counted and logged the same way (ADR 0024)."""
    response.status_code = 503
    response["Retry-After"] = str(STORAGE_RETRY_AFTER_SECONDS)
    _storage_outage_note(request, response, error)
    return response


def _storage_outage_note(request: HttpRequest, response: HttpResponse, error: BaseException | None) -> None:
    """Counted in ``tadrib_http_unavailable``, and one warning line (the log's filter adds the
    request id) instead of Django's error with a traceback: an outage of a service is the
    operator's to watch, not a bug to trace. Django then does not log the response again
    (``log_response`` marks it logged)."""
    UNAVAILABLE.labels(view_name(request), "storage").inc()
    outage = next((link for link in _chain(error) if storage_out_of_reach(link)), error)
    log_response(
        "Object storage out of reach (%s: %s): %s",
        type(outage).__name__,
        (str(outage).splitlines() or [""])[0],
        request.path,
        response=response,
        request=request,
        level="warning",
    )


def _page(
    request: HttpRequest, template_name: str, status: int, heading: str, message: str, headers: dict
) -> HttpResponse:
    # Rendered without the request, so that no context processor runs (they read the database).
    context = {
        "status": status,
        "heading": heading,
        "message": message,
        "retry_url": request.get_full_path(),
    }
    body = loader.get_template(template_name).render(context)
    return HttpResponse(body, status=status, headers=headers)
