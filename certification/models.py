"""The models of ``certification``, kept in its feature packages."""

from certification.assessment.attempts.models import Attempt, AttemptQuestion, AttemptTransition, MarkChange  # noqa: F401
from certification.assessment.bank.models import Question, QuestionCategory, QuestionTag, QuestionVersion  # noqa: F401
from certification.assessment.quizzes.models import Quiz, QuizSlot  # noqa: F401
from certification.credentials.models import (
    Certificate,
    CertificateChange,
    CertificateTemplate,
    IssuingRule,
    TemplateSignature,
    TrainingRecord,
)

__all__ = [
    "Certificate",
    "CertificateChange",
    "CertificateTemplate",
    "IssuingRule",
    "TemplateSignature",
    "TrainingRecord",
]
