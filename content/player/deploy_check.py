"""The content origin's deployment check: set, distinct from the LMS, reached through the proxy
as the content host, and never given the LMS's cookies (ADR 0006, ADR 0014)."""

from urllib.parse import urlsplit

import httpx
from django.conf import settings

from lms.api import DeployContext, DeployProblem

from .origin import content_origin, lms_origin

FIX_ORIGIN = (
    "Give content its own host name (e.g. content.<your domain>, better still a domain of its own), "
    "point it at this server in DNS and in nginx, and set CONTENT_ORIGIN to it in the environment file."
)


def _shares_cookies(host: str) -> str | None:
    """The cookie-domain setting whose cookies the browser would also send to ``host``, if any."""
    for name in ("SESSION_COOKIE_DOMAIN", "CSRF_COOKIE_DOMAIN", "LANGUAGE_COOKIE_DOMAIN"):
        domain = (getattr(settings, name, None) or "").lstrip(".").lower()
        if domain and (host == domain or host.endswith(f".{domain}")):
            return name
    return None


def content_origin_check(context: DeployContext) -> str:
    origin = content_origin()
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DeployProblem(f"CONTENT_ORIGIN ({origin!r}) is not an http(s) address.", FIX_ORIGIN)
    if parts.netloc.lower() == urlsplit(lms_origin()).netloc.lower():
        raise DeployProblem(
            f"CONTENT_ORIGIN ({origin}) is the LMS's own host: packages would run with trainees' sessions.",
            FIX_ORIGIN,
        )
    if cookie_setting := _shares_cookies(parts.hostname):
        raise DeployProblem(
            f"{cookie_setting} sends the LMS's cookies to the content host {parts.hostname}.",
            f"Remove {cookie_setting} from the settings (host-only cookies), or move the content host "
            "out of that domain.",
        )
    if lms_origin().startswith("https:") and parts.scheme != "https":
        raise DeployProblem(
            "The LMS is on https but CONTENT_ORIGIN is http: browsers refuse to frame it.",
            "Serve the content host with TLS too and set CONTENT_ORIGIN to its https:// address.",
        )
    try:
        page = context.http_get(f"{origin}/play/c/closed/")
        lms_page = context.http_get(f"{origin}/health/")
    except httpx.HTTPError as error:
        raise DeployProblem(
            f"CONTENT_ORIGIN ({origin}) could not be reached: {(str(error) or repr(error)).splitlines()[0]}",
            "Check the content host's DNS name, its server block in nginx and its TLS certificate.",
        ) from error
    if page.status_code == 400:
        raise DeployProblem(
            f"Tadrib refuses the content host {parts.hostname} (400).",
            "Add the content host to ALLOWED_HOSTS in the environment file.",
        )
    if page.status_code != 200 or lms_page.status_code != 404:
        raise DeployProblem(
            f"{origin} is not served as the content host (player page {page.status_code}, LMS page "
            f"{lms_page.status_code}; expected 200 and 404).",
            "nginx must pass the Host header (`proxy_set_header Host $host`) and CONTENT_ORIGIN must "
            "name exactly the host and port browsers use.",
        )
    if "set-cookie" in page.headers or "set-cookie" in lms_page.headers:
        raise DeployProblem(
            f"{origin} sets cookies; the content host must have none.",
            "Use the content host's server block from deploy/nginx/ (it drops cookies both ways).",
        )
    return f"{origin} answers as the content host, apart from {lms_origin()}, without cookies"
