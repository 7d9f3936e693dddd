"""Read-side selectors of the credentials."""

from collections.abc import Iterable

from certification.credentials.models import Certificate


def certificates_of(*, user_id: int) -> list[Certificate]:
    """A person's certificates to show them: issued, revoked or replaced (not pending or failed)."""
    return list(
        Certificate.objects.filter(
            user_id=user_id,
            state__in=(Certificate.State.ISSUED, Certificate.State.REVOKED, Certificate.State.REPLACED),
        ).order_by("-issued_at", "-pk")
    )


def latest_by_enrolment(*, enrolment_ids: Iterable[int]) -> dict[int, Certificate]:
    """The newest certificate (not failed) of each enrolment."""
    latest: dict[int, Certificate] = {}
    rows = (
        Certificate.objects.filter(enrolment_id__in=list(enrolment_ids))
        .exclude(state__in=(Certificate.State.FAILED,))
        .order_by("enrolment_id", "issued_at", "pk")
    )
    for certificate in rows:
        latest[certificate.enrolment_id] = certificate
    return latest
