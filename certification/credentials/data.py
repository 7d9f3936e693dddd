"""Plain data types of the credentials that cross the ``certification.api`` door."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class CertificateData:
    id: int
    serial: str
    status: str  # "issued" | "revoked" | "expired" | "replaced"
    user_id: int
    enrolment_id: int | None
    issued_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
