"""The server-error pages, rendered when anything may be broken — the database included.

Django's own ``server_error`` renders ``500.html`` in whatever language happens to be active.
When the database is down, the language middleware fails before it has chosen one (it reads the
signed-in person's preference), so this handler chooses again from what needs no database: the
language already chosen for this request, else the language cookie, else the site's default.
The 403 and 404 pages are Django's own handlers with our templates (``templates/40x.html``).

Two faults are not bugs and are answered as what they are (ADR 0024): the database out of reach
(a restart, a failover) is 503 with Retry-After, which the player's outbox and any HTTP client
retry; a disk with no room left is 507, a refusal that nothing was kept. Django calls this handler
inside its ``except`` block, so ``sys.exception()`` is the fault, wherever it was raised: in a
view, or in a middleware (the session, the language) before any view ran.
"""

import errno
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext_lazy as _

# Seconds a client is asked to wait before trying again while the database is out of reach:
# PostgreSQL restarts in a few seconds, and a failover takes tens.
RETRY_AFTER_SECONDS = 10
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


def fault_of(error: BaseException | None) -> str | None:
    """``"database"`` when the database could not be reached, ``"disk"`` when the disk is full,
    else None (a bug). The cause of a wrapped error counts too."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, OperationalError | InterfaceError):
            return "database"
        if isinstance(error, OSError) and error.errno in _NO_ROOM:
            return "disk"
        error, seen = error.__cause__ or error.__context__, seen + 1
    return None


def _wants_json(request: HttpRequest) -> bool:
    # Pages are asked for with Accept: text/html; the player's fetch() calls and xAPI clients are not.
    return "text/html" not in request.headers.get("Accept", "")


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    fault = fault_of(sys.exception())
    status, headers = {
        "database": (503, {"Retry-After": str(RETRY_AFTER_SECONDS)}),
        "disk": (507, {}),
    }.get(fault, (500, {}))
    language = language_without_database(request)
    headers["Content-Language"] = language
    with translation.override(language):
        heading, message = (str(text) for text in PAGES[status])
        if fault and _wants_json(request):
            return JsonResponse({"error": message}, status=status, headers=headers)
        # Rendered without the request, so that no context processor runs (they read the database).
        context = {
            "status": status,
            "heading": heading,
            "message": message,
            "retry_url": request.get_full_path(),
        }
        body = loader.get_template(template_name).render(context)
    return HttpResponse(body, status=status, headers=headers)
