"""SCORM time formats: 1.2's ``HHHH:MM:SS.SS`` and 2004's ISO 8601 duration (``PT1H2M3.5S``)."""

import re

_SCORM12 = re.compile(r"^(\d{2,4}):([0-5]?\d):([0-5]?\d)(\.\d{1,2})?$")
_ISO = re.compile(
    r"^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)
_ISO_SECONDS = (365 * 86400, 30 * 86400, 86400, 3600, 60, 1)


def seconds(value: object) -> int:
    """Whole seconds of a SCORM time or duration; 0 for anything unreadable."""
    text = str(value or "").strip()
    match = _SCORM12.match(text)
    if match:
        hours, minutes, secs, fraction = match.groups()
        return int(hours) * 3600 + int(minutes) * 60 + int(secs) + round(float(fraction or 0))
    match = _ISO.match(text)
    if match and text not in ("P", "PT"):
        return round(
            sum(float(part or 0) * unit for part, unit in zip(match.groups(), _ISO_SECONDS, strict=True))
        )
    return 0


def scorm12_time(total: int) -> str:
    hours, rest = divmod(max(0, total), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{min(hours, 9999):04d}:{minutes:02d}:{secs:02d}"


def iso_duration(total: int) -> str:
    return f"PT{max(0, total)}S"
