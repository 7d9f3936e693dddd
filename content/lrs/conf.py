"""LRS settings, each read from Django settings with its ``LRS_`` name, else the default here."""

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # The version headers the LRS accepts: 1.0.x requests are answered as 1.0.3, 2.0.0 as 2.0.0
    # (content/lrs/versions.py).
    # The version a request that names none the LRS speaks is answered (refused) under.
    "LRS_DEFAULT_VERSION": "1.0.3",
    "LRS_ACCEPTED_VERSIONS": ("1.0.0", "1.0.1", "1.0.2", "1.0.3", "2.0.0"),
    # Largest request body accepted (statements with attachments included), in bytes.
    "LRS_MAX_BODY_BYTES": 20 * 1024 * 1024,
    # How long a worker waits for the next bytes of a request body before answering 408 (under
    # gunicorn, which hands its socket over; a proxy in front should buffer bodies anyway).
    "LRS_BODY_TIMEOUT_SECONDS": 15,
    # Statements per page of a GET, when the client asks for no limit or a larger one.
    "LRS_MAX_PAGE_SIZE": 100,
    # Origins allowed to call the LRS from a browser: the content origin by default.
    "LRS_CORS_ORIGINS": None,
    # The homePage of the accounts that name client systems in a statement's authority.
    "LRS_AUTHORITY_HOMEPAGE": None,
    # Launch tokens' lifetime, in seconds.
    "LRS_LAUNCH_TOKEN_SECONDS": 4 * 3600,
    # Forwarding: statements per batch, the back-off bounds (seconds), and the HTTP timeout.
    "LRS_FORWARD_BATCH_SIZE": 200,
    "LRS_FORWARD_BACKOFF_BASE": 10,
    "LRS_FORWARD_BACKOFF_MAX": 15 * 60,
    "LRS_FORWARD_TIMEOUT": 30,
    "LRS_FORWARD_LEASE_SECONDS": 300,
}


def setting(name: str) -> Any:
    value = getattr(settings, name, DEFAULTS[name])
    if value is None and name == "LRS_CORS_ORIGINS":
        return [settings.CONTENT_ORIGIN]
    if value is None and name == "LRS_AUTHORITY_HOMEPAGE":
        return settings.SITE_URL
    return value
