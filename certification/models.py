"""Models of ``certification``: assessment's live in ``certification/assessment/*/models.py``."""

from certification.assessment.attempts.models import Attempt, AttemptQuestion, AttemptTransition, MarkChange  # noqa: F401
from certification.assessment.bank.models import Question, QuestionCategory, QuestionTag, QuestionVersion  # noqa: F401
from certification.assessment.quizzes.models import Quiz, QuizSlot  # noqa: F401
