"""Which host is the content origin, how responses served there may be framed, and their language."""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


def content_origin() -> str:
    return settings.CONTENT_ORIGIN.rstrip("/")


def lms_origin() -> str:
    parts = urlsplit(settings.SITE_URL)
    return f"{parts.scheme}://{parts.netloc}"


def is_content_host(request: HttpRequest) -> bool:
    """True when the request came to the content origin's host (and it is not the LMS's)."""
    content_host = urlsplit(content_origin()).netloc.lower()
    if not content_host or content_host == urlsplit(settings.SITE_URL).netloc.lower():
        return False
    return request.get_host().lower() == content_host


def frameable_by_lms(response: HttpResponseBase) -> HttpResponseBase:
    """Package files and the player frame: framed by the LMS page and by each other, nothing else.

    The project-wide policy (script-src 'self', frame-ancestors 'none') would break every package,
    whose pages carry their own inline scripts; on this origin they harm nothing of the LMS's.
    """
    response["Content-Security-Policy"] = f"frame-ancestors 'self' {lms_origin()}"
    response.xframe_options_exempt = True
    return response


def frame_language(request: HttpRequest) -> str:
    """The language a content-origin page is shown in (its ``lang`` parameter; Arabic by default).

    The content origin has no session or cookie to read the trainee's choice from.
    """
    language = request.GET.get("lang", "ar")
    return language if language in {code for code, _name in settings.LANGUAGES} else "ar"
