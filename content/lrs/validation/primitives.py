"""Checks for the xAPI data types every object is built from (xAPI 1.0.3, Data 4).

Each check takes the value and the JSON path it was found at, and raises
``XapiValidationError`` naming that path; none of them coerces a value. Every pattern must match
the whole value (``fullmatch``): ``$`` also matches before a final newline, which made
``mailto:a@b\n`` another agent than ``mailto:a@b``.
"""

import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from .errors import XapiValidationError

UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# An IRI needs a scheme and no whitespace (RFC 3987 allows non-ASCII, so no stricter alphabet).
IRI_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+")
MAILTO_RE = re.compile(r"mailto:[^@\s]+@[^@\s]+", re.IGNORECASE)
SHA1_RE = re.compile(r"[0-9a-fA-F]{40}")
SHA2_RE = re.compile(r"[0-9a-fA-F]{56}|[0-9a-fA-F]{64}|[0-9a-fA-F]{96}|[0-9a-fA-F]{128}")
VERSION_RE = re.compile(r"([12]\.0)(\.[0-9]+)?")
MEDIA_TYPE_RE = re.compile(r"[\w.+\-!#$&^]+/[\w.+\-!#$&^]+(\s*;.*)?")
# ISO 8601 durations, as xAPI uses them (Data 4.6).
# ISO 8601 durations, as xAPI uses them (Data 4.6); weeks (PnW) stand alone.
DURATION_RE = re.compile(
    r"P(?:\d+(?:[.,]\d+)?W|(?=\d|T\d)(\d+(?:[.,]\d+)?Y)?(\d+(?:[.,]\d+)?M)?(\d+(?:[.,]\d+)?D)?"
    r"(T(?=\d)(\d+(?:[.,]\d+)?H)?(\d+(?:[.,]\d+)?M)?(\d+(?:[.,]\d+)?S)?)?)",
    re.ASCII,
)
# ISO 8601 date-time, extended or basic format, with an optional zone designator.
TIMESTAMP_RE = re.compile(
    r"(?P<y>\d{4})-?(?P<mo>\d{2})-?(?P<d>\d{2})T(?P<h>\d{2}):?(?P<mi>\d{2})(?::?(?P<s>\d{2})(?:[.,](?P<f>\d+))?)?"
    r"(?P<tz>Z|[+\-]\d{2}(?::?\d{2})?)?",
    re.ASCII,
)
# RFC 5646 language tags (the "langtag" production, plus private-use and grandfathered tags).
_LANGTAG = (
    r"(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4}|[A-Za-z]{5,8})"  # language
    r"(?:-[A-Za-z]{4})?"  # script
    r"(?:-(?:[A-Za-z]{2}|\d{3}))?"  # region
    r"(?:-(?:[A-Za-z0-9]{5,8}|\d[A-Za-z0-9]{3}))*"  # variants
    r"(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*"  # extensions
    r"(?:-[xX](?:-[A-Za-z0-9]{1,8})+)?"  # private use
)
LANGUAGE_TAG_RE = re.compile(
    rf"(?:{_LANGTAG}|[xX](?:-[A-Za-z0-9]{{1,8}})+|i-[A-Za-z]{{3,8}}|[A-Za-z]{{2,3}}-[A-Za-z]{{2,8}}(?:-[A-Za-z]{{2,8}})?)"
)


# PostgreSQL's B-tree indexes refuse an entry longer than about 2,700 bytes (a third of a page),
# and each identifier the LRS indexes (activity and verb ids, agents' identifiers, document ids)
# goes into one. Limited to 1,000 bytes each, the longest entry built from them (an account's
# home page and name together, or a document's key) still fits.
MAX_KEY_BYTES = 1000


def check_key_length(value: str, path: str) -> str:
    """An identifier the LRS indexes: at most ``MAX_KEY_BYTES`` in UTF-8."""
    # Most identifiers are short: only those that might be too long are encoded.
    if len(value) * 4 > MAX_KEY_BYTES and len(value.encode("utf-8", "surrogatepass")) > MAX_KEY_BYTES:
        raise XapiValidationError(path, f"must be at most {MAX_KEY_BYTES:,} bytes long")
    return value


def require_object(value: Any, path: str) -> dict:
    if not isinstance(value, dict):
        raise XapiValidationError(path, "must be a JSON object")
    return value


def require_keys(obj: dict, path: str, *, allowed: Iterable[str], required: Iterable[str] = ()) -> None:
    """Unknown properties and JSON nulls are errors (Data 2.2: no property may be null)."""
    allowed = set(allowed)
    for key, value in obj.items():
        if key not in allowed:
            raise XapiValidationError(f"{path}.{key}", "is not an allowed property")
        if value is None:
            raise XapiValidationError(f"{path}.{key}", "must not be null")
    for key in required:
        if key not in obj:
            raise XapiValidationError(f"{path}.{key}", "is required")


def check_string(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise XapiValidationError(path, "must be a string")
    return value


def check_bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise XapiValidationError(path, "must be true or false")
    return value


def check_number(value: Any, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise XapiValidationError(path, "must be a number")
    return value


def check_uuid(value: Any, path: str) -> str:
    if not isinstance(value, str) or not UUID_RE.fullmatch(value):
        raise XapiValidationError(path, "must be a UUID")
    return value


def check_iri(value: Any, path: str) -> str:
    if not isinstance(value, str) or not IRI_RE.fullmatch(value):
        raise XapiValidationError(path, "must be an absolute IRI")
    return value


check_irl = check_iri


def check_mbox(value: Any, path: str) -> str:
    if not isinstance(value, str) or not MAILTO_RE.fullmatch(value):
        raise XapiValidationError(path, 'must be a "mailto:" IRI')
    return value


def check_sha1(value: Any, path: str) -> str:
    if not isinstance(value, str) or not SHA1_RE.fullmatch(value):
        raise XapiValidationError(path, "must be a hex-encoded SHA-1 hash")
    return value


def check_sha2(value: Any, path: str) -> str:
    if not isinstance(value, str) or not SHA2_RE.fullmatch(value):
        raise XapiValidationError(path, "must be a hex-encoded SHA-2 hash")
    return value


def check_language_tag(value: Any, path: str) -> str:
    if not isinstance(value, str) or not LANGUAGE_TAG_RE.fullmatch(value):
        raise XapiValidationError(path, "must be an RFC 5646 language tag")
    return value


def check_language_map(value: Any, path: str) -> dict:
    require_object(value, path)
    for tag, text in value.items():
        check_language_tag(tag, f"{path}[{tag!r}]")
        if not isinstance(text, str):
            raise XapiValidationError(f"{path}.{tag}", "must be a string")
    return value


def check_extensions(value: Any, path: str) -> dict:
    require_object(value, path)
    for key in value:
        check_iri(key, f"{path}[{key!r}]")
    return value


def check_duration(value: Any, path: str) -> str:
    if not isinstance(value, str) or not DURATION_RE.fullmatch(value):
        raise XapiValidationError(path, "must be an ISO 8601 duration")
    return value


def check_version(value: Any, path: str, *, allowed: tuple[str, ...] = ("1.0",)) -> str:
    """A statement's ``version``: "1.0" or "1.0.x", and under xAPI 2.0 also "2.0" or "2.0.x"."""
    match = VERSION_RE.fullmatch(value) if isinstance(value, str) else None
    if match is None or match.group(1) not in allowed:
        names = " or ".join(f"{prefix}.x" for prefix in allowed)
        raise XapiValidationError(path, f"must be a {names} version")
    return value


def check_media_type(value: Any, path: str) -> str:
    if not isinstance(value, str) or not MEDIA_TYPE_RE.fullmatch(value):
        raise XapiValidationError(path, "must be an Internet media type")
    return value


def parse_timestamp(value: Any, path: str) -> datetime:
    """An ISO 8601 date-time; without a zone it is taken as UTC (Data 4.5)."""
    if not isinstance(value, str):
        raise XapiValidationError(path, "must be an ISO 8601 timestamp")
    match = TIMESTAMP_RE.fullmatch(value)
    if not match:
        raise XapiValidationError(path, "must be an ISO 8601 timestamp")
    zone = match["tz"]
    # Data 4.5: a timestamp MUST NOT use the "-00:00" offset (RFC 3339's "unknown local offset").
    if zone and zone.startswith("-") and not zone[1:].replace(":", "").strip("0"):
        raise XapiValidationError(path, 'must not use the "-00:00" offset')
    tz = UTC
    if zone and zone != "Z":
        digits = zone[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
        if hours > 23 or minutes > 59:
            raise XapiValidationError(path, "has an impossible zone offset")
        offset = timedelta(hours=hours, minutes=minutes)
        tz = timezone(-offset if zone[0] == "-" else offset)
    fraction = (match["f"] or "0")[:6].ljust(6, "0")
    try:
        moment = datetime(
            int(match["y"]),
            int(match["mo"]),
            int(match["d"]),
            int(match["h"]),
            int(match["mi"]),
            int(match["s"] or 0),
            int(fraction),
            tzinfo=tz,
        )
    except ValueError as error:
        raise XapiValidationError(path, "is not a real date and time") from error
    # In UTC from here on: the databases compare and store it so (PostgreSQL refuses offsets
    # beyond ±15:59), and a moment whose UTC date falls outside years 1–9999 is refused here
    # instead of overflowing later, when stored or compared.
    try:
        return moment.astimezone(UTC)
    except OverflowError as error:
        raise XapiValidationError(path, "is outside the years 1 to 9999 in UTC") from error
