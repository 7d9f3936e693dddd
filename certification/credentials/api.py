"""What the credentials offer to ``certification.api`` (the app's one door)."""

from collections.abc import Iterable

from certification.credentials.data import CertificateData
from certification.credentials.queries import latest_by_enrolment


def certificates_for(*, enrolment_ids: Iterable[int]) -> dict[int, CertificateData]:
    """The newest certificate of each enrolment that has one (pending and failed ones left out)."""
    return {
        enrolment_id: CertificateData(
            id=c.pk,
            serial=c.serial,
            status=c.status,
            user_id=c.user_id,
            enrolment_id=enrolment_id,
            issued_at=c.issued_at,
            expires_at=c.expires_at,
            revoked_at=c.revoked_at,
        )
        for enrolment_id, c in latest_by_enrolment(enrolment_ids=enrolment_ids).items()
        if c.state != c.State.PENDING
    }
