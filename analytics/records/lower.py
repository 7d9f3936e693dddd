"""What analytics reads of ``certification``, through its door only and guarded: assessment
(pre/post-test scores) and credentials (certificates) are optional, and their absence reads as
"no score" and "no certificate" rather than an error (CONTRACTS.md)."""

from collections.abc import Iterable
from typing import Any

from certification import api as certification_api


def test_scores_for(*, enrolment_ids: Iterable[int]) -> dict[int, Any]:
    reader = getattr(certification_api, "test_scores_for", None)
    return {} if reader is None else reader(enrolment_ids=list(enrolment_ids))


def certificates_for(*, enrolment_ids: Iterable[int]) -> dict[int, Any]:
    reader = getattr(certification_api, "certificates_for", None)
    return {} if reader is None else reader(enrolment_ids=list(enrolment_ids))


def certification_signals() -> list[Any]:
    """The certification signals that exist, to subscribe to."""
    names = ("quiz_attempt_graded", "certificate_issued", "certificate_revoked")
    return [signal for name in names if (signal := getattr(certification_api, name, None)) is not None]
