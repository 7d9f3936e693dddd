"""The content origin never speaks for a signed-in person.

Requests to the content host are served as anonymous (a package's script cannot act with
anyone's session, whatever cookie might reach that host), and only the player's own paths, the
static files and the LRS answer there: every LMS page is a 404.
"""

from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound

from .origin import is_content_host

ALLOWED_PREFIXES = ("/play/c/", "/static/", "/xapi/")


class ContentOriginMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_content_host(request):
            request.user = AnonymousUser()
            if not request.path.startswith(ALLOWED_PREFIXES):
                return HttpResponseNotFound(b"Not found", content_type="text/plain")
        return self.get_response(request)
