"""Setting up quizzes: one per quiz activity, with fixed questions or random draws from categories."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from certification.assessment.bank.models import Question, QuestionCategory
from certification.assessment.errors import AssessmentError

from .models import Quiz, QuizSlot


@transaction.atomic
def quiz_create(*, activity, **settings) -> Quiz:
    """The quiz behind a course activity of kind "quiz"."""
    if activity.kind != "quiz":
        raise AssessmentError(_("Only a quiz activity can hold a quiz."), code="not_quiz_activity")
    quiz = Quiz(activity=activity, **settings)
    quiz.full_clean()
    quiz.save()
    return quiz


def _next_position(quiz: Quiz) -> int:
    return (quiz.slots.aggregate(p=Max("position"))["p"] or 0) + 1


@transaction.atomic
def quiz_question_add(*, quiz: Quiz, question: Question, mark: Decimal | None = None) -> QuizSlot:
    return QuizSlot.objects.create(quiz=quiz, question=question, mark=mark, position=_next_position(quiz))


@transaction.atomic
def quiz_random_add(
    *, quiz: Quiz, category: QuestionCategory, count: int, mark: Decimal | None = None
) -> QuizSlot:
    if count < 1:
        raise AssessmentError(_("Draw at least one question."), code="bad_count")
    available = Question.objects.filter(category=category, archived=False, current__isnull=False).count()
    if available < count:
        raise AssessmentError(
            _("The category holds only %(n)s questions.") % {"n": available}, code="not_enough_questions"
        )
    return QuizSlot.objects.create(
        quiz=quiz, category=category, count=count, mark=mark, position=_next_position(quiz)
    )
