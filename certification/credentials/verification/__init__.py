"""The public verification of certificates and training records: page, throttle and lookups."""

from django.conf import settings
from django.urls import reverse


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def verify_url(code: str) -> str:
    """The public page that tells whether the certificate or record with this code is valid."""
    return absolute(reverse("certificates:verify_code", args=[code]))


__all__ = ["absolute", "verify_url"]
