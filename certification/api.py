"""The door of ``certification`` for ``analytics``: issued credentials, and the signals sent when
a certificate is issued or revoked (with certificate_id, user_id, enrolment_id, course_id,
programme_id).

Assessment: the counted pre-/post-test scores of enrolments (``test_scores_for``) and the signal
``quiz_attempt_graded`` (attempt_id, user_id, activity_id, enrolment_id; sent on commit).
"""

from certification.assessment.data import TestScoresData
from certification.assessment.queries import test_scores_for
from certification.assessment.signals import quiz_attempt_graded
from certification.credentials.api import certificates_for
from certification.credentials.data import CertificateData
from certification.credentials.signals import certificate_issued, certificate_revoked

__all__ = [
    "CertificateData",
    "TestScoresData",
    "certificate_issued",
    "certificate_revoked",
    "certificates_for",
    "quiz_attempt_graded",
    "test_scores_for",
]
