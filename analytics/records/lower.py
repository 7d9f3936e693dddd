"""What analytics reads of ``certification``, through its door only: the counted pre-/post-test
scores and the certificates of enrolments, and the signals that change them."""

from collections.abc import Iterable

from django.dispatch import Signal

from certification import api as certification_api
from certification.api import CertificateData, TestScoresData


def test_scores_for(*, enrolment_ids: Iterable[int]) -> dict[int, TestScoresData]:
    return certification_api.test_scores_for(enrolment_ids=list(enrolment_ids))


def certificates_for(*, enrolment_ids: Iterable[int]) -> dict[int, CertificateData]:
    return certification_api.certificates_for(enrolment_ids=list(enrolment_ids))


def certification_signals() -> list[Signal]:
    """The certification signals after which an enrolment's training record is refreshed."""
    return [
        certification_api.quiz_attempt_graded,
        certification_api.certificate_issued,
        certification_api.certificate_revoked,
    ]
