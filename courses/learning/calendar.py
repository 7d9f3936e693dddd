"""In-person sessions as an iCalendar file (RFC 5545), for the trainee's phone calendar."""

import datetime
from collections.abc import Iterable

from django.utils import timezone

from courses.models import Session


def _text(value: str) -> str:
    """A TEXT value escaped (RFC 5545 §3.3.11)."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _when(moment) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _folded(line: str) -> str:
    """Lines longer than 75 octets folded (RFC 5545 §3.1), never inside a UTF-8 character."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > 75:
            out.append(current)
            current = " "
        current += char
    out.append(current)
    return "\r\n".join(out)


def ics(*, sessions: Iterable[Session], course_title: str, host: str) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Tadrib//courses//EN", "CALSCALE:GREGORIAN"]
    stamp = _when(timezone.now())
    for session in sessions:
        lines += [
            "BEGIN:VEVENT",
            f"UID:session-{session.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_when(session.starts_at)}",
            f"DTEND:{_when(session.ends_at)}",
            f"SUMMARY:{_text(f'{course_title}: {session.title}')}",
        ]
        if session.location:
            lines.append(f"LOCATION:{_text(session.location)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_folded(line) for line in lines) + "\r\n"
