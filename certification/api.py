"""The door of ``certification`` for ``analytics``.

Assessment: the counted pre-/post-test scores of enrolments (``test_scores_for``) and the signal
``quiz_attempt_graded`` (attempt_id, user_id, activity_id, enrolment_id; sent on commit).
"""

from certification.assessment.data import TestScoresData
from certification.assessment.queries import test_scores_for
from certification.assessment.signals import quiz_attempt_graded

__all__: list[str] = ["TestScoresData", "quiz_attempt_graded", "test_scores_for"]
