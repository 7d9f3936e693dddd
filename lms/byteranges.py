"""The part of a file a request asks for with ``Range: bytes=…`` (RFC 9110 §14).

A phone's video player asks for parts: Safari on an iPhone plays no video whose server does not
answer ranges, and Chromium, answered the whole file, may drop the request and never start (a
browser test saw a video stay empty under load). A download cut off on a slow link resumes from
where it stopped instead of costing its data again.

Only one range is answered. A request for several, a header that is not a byte range, or one
with ``If-Range`` (the LMS hands out no validator it could match) is answered with the whole file,
as the RFC allows; only a range that starts past the end is refused (416).
"""

import re

# One range: "first-last", "first-" or "-suffix". Nineteen digits reach past any file and stay
# below int's limit on digits, so a hostile number of any length is a malformed header.
_ONE_RANGE = re.compile(r"bytes=[ \t]*(\d{0,19})-(\d{0,19})[ \t]*", re.IGNORECASE)

ByteSpec = tuple[int | None, int | None]


class RangeNotSatisfiable(Exception):
    """The range asked for starts past the end of the file (or asks for its last 0 bytes)."""


def byte_spec(request) -> ByteSpec | None:
    """The one range a GET ``request`` asks for, as (first, last) — first None for "the last
    ``last`` bytes", last None for "to the end" — or None when the whole file is to be sent."""
    if request is None or request.method != "GET" or "HTTP_IF_RANGE" in request.META:
        return None
    match = _ONE_RANGE.fullmatch(request.META.get("HTTP_RANGE", ""))
    if match is None:
        return None
    first, last = (int(digits) if digits else None for digits in match.groups())
    if first is None and last is None:
        return None
    if first is not None and last is not None and last < first:
        return None  # not a valid range: ignored, as the RFC says
    return first, last


def byte_range(spec: ByteSpec, size: int) -> tuple[int, int]:
    """``spec`` within a file of ``size`` bytes, as (first, last), both included; raises
    RangeNotSatisfiable when no byte of the file is in it."""
    first, last = spec
    if first is None:
        if last == 0 or size == 0:
            raise RangeNotSatisfiable
        return max(size - last, 0), size - 1
    if first >= size:
        raise RangeNotSatisfiable
    return first, size - 1 if last is None else min(last, size - 1)


def spec_header(spec: ByteSpec) -> str:
    """``spec`` as a Range header again, for a service that answers ranges itself."""
    first, last = spec
    return f"bytes={'' if first is None else first}-{'' if last is None else last}"
