"""Settings of ``content``'s package import, each prefixed ``CONTENT_`` and read here with its default.

Other modules call ``conf.get("CONTENT_…")`` rather than reading ``django.conf.settings`` so that
the defaults live in one place; ``check_settings`` reports a wrong value at start-up. The LRS
reads its own ``LRS_`` settings in ``content/lrs/conf.py``.
"""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

MiB = 1024 * 1024

DEFAULTS: dict[str, Any] = {
    # Largest upload accepted, as sent (the ZIP file itself), in bytes.
    "CONTENT_MAX_PACKAGE_BYTES": 500 * MiB,
    # Largest total of the files once extracted, in bytes.
    "CONTENT_MAX_UNCOMPRESSED_BYTES": 2048 * MiB,
    # Most files (and folders) one package may hold.
    "CONTENT_MAX_FILES": 10_000,
    # Highest compression ratio (extracted size / stored size) of one file, or of the whole
    # package: far higher ratios are the mark of a ZIP bomb. Files smaller than
    # CONTENT_RATIO_MIN_BYTES are not held to it (a page of spaces compresses very well).
    "CONTENT_MAX_COMPRESSION_RATIO": 100,
    "CONTENT_RATIO_MIN_BYTES": 1 * MiB,
    # Largest manifest read into memory (imsmanifest.xml, cmi5.xml, tincan.xml, h5p.json, …).
    "CONTENT_MAX_MANIFEST_BYTES": 4 * MiB,
    # Most bytes all packages' files may take in storage together (every version counts): an
    # upload that would pass it is refused, with how much is used, so someone can tidy up first.
    "CONTENT_STORAGE_QUOTA_BYTES": 50 * 1024 * MiB,
    # Where package files are stored, under default_storage: <prefix>/<one folder per version>/.
    "CONTENT_STORAGE_PREFIX": "content/packages",
}

_POSITIVE_INTEGERS = (
    "CONTENT_MAX_PACKAGE_BYTES",
    "CONTENT_MAX_UNCOMPRESSED_BYTES",
    "CONTENT_MAX_FILES",
    "CONTENT_MAX_COMPRESSION_RATIO",
    "CONTENT_MAX_MANIFEST_BYTES",
)


def get(name: str) -> Any:
    """The value of the ``content`` setting ``name``: the project's, else the default."""
    return getattr(settings, name, DEFAULTS[name])


@register()
def check_settings(app_configs=None, **kwargs) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    for number, name in enumerate(_POSITIVE_INTEGERS, start=1):
        value = get(name)
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            errors.append(Error(f"{name} must be a positive whole number.", id=f"content.E00{number}"))
    minimum = get("CONTENT_RATIO_MIN_BYTES")
    if not isinstance(minimum, int) or minimum < 0:
        errors.append(Error("CONTENT_RATIO_MIN_BYTES must be a whole number of bytes.", id="content.E006"))
    quota = get("CONTENT_STORAGE_QUOTA_BYTES")
    if not isinstance(quota, int) or isinstance(quota, bool) or quota <= 0:
        errors.append(
            Error("CONTENT_STORAGE_QUOTA_BYTES must be a positive whole number.", id="content.E008")
        )
    prefix = get("CONTENT_STORAGE_PREFIX")
    if not isinstance(prefix, str) or not prefix.strip("/") or ".." in prefix.split("/"):
        errors.append(Error("CONTENT_STORAGE_PREFIX must be a relative folder name.", id="content.E007"))
    return errors
