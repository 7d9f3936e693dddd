"""What the verification page may say about a code: only what is printed on the document."""

import re
from dataclasses import dataclass
from datetime import datetime

from certification.credentials.models import Certificate, TrainingRecord

CODE = re.compile(r"^TDR-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")
# Letters people confuse, read as the alphabet's digits (Crockford's base 32).
CONFUSED = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def code_clean(text: str) -> str | None:
    """The code as typed (spaces, lower case, O for 0 …), normalised; None when it cannot be one."""
    text = "".join(text.split()).upper()[:40]
    if text and not text.startswith("TDR"):
        text = "TDR" + text
    if len(text) == 15 and "-" not in text[3:]:
        text = f"TDR-{text[3:7]}-{text[7:11]}-{text[11:]}"
    text = "TDR" + text[3:].translate(CONFUSED)
    return text if CODE.match(text) else None


@dataclass(frozen=True)
class Verdict:
    kind: str  # "certificate" | "record"
    serial: str
    status: str  # issued | expired | revoked | replaced | pending
    name_ar: str
    name_latin: str
    title: str
    hours: str
    issued_at: datetime
    expires_at: datetime | None = None
    revoked_at: datetime | None = None
    replaced_by: str = ""
    previous_serials: tuple[str, ...] = ()
    courses: tuple[dict, ...] = ()


def verdict_for(code: str) -> Verdict | None:
    certificate = (
        Certificate.objects.filter(serial=code)
        .exclude(state=Certificate.State.FAILED)
        .select_related("replaced_by")
        .first()
    )
    if certificate is not None:
        facts = certificate.facts
        replaced_by = getattr(certificate, "replaced_by", None)
        return Verdict(
            kind="certificate",
            serial=certificate.serial,
            status=certificate.status,
            name_ar=facts.get("name_ar", ""),
            name_latin=facts.get("name_latin", ""),
            title=facts.get("course", ""),
            hours=facts.get("hours", ""),
            issued_at=certificate.issued_at,
            expires_at=certificate.expires_at,
            revoked_at=certificate.revoked_at,
            replaced_by=replaced_by.serial if replaced_by else "",
            previous_serials=tuple(facts.get("previous_serials", [])),
        )
    record = TrainingRecord.objects.filter(serial=code).first()
    if record is not None:
        facts = record.facts
        return Verdict(
            kind="record",
            serial=record.serial,
            status="issued",
            name_ar=facts.get("name_ar", ""),
            name_latin=facts.get("name_latin", ""),
            title="",
            hours=facts.get("hours", ""),
            issued_at=record.issued_at,
            courses=tuple(facts.get("courses", [])),
        )
    return None
