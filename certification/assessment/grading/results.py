"""Which attempt counts: the quiz's grading method over a person's graded attempts."""

from decimal import ROUND_HALF_UP, Decimal

from certification.assessment.attempts.models import Attempt
from certification.assessment.quizzes.models import Quiz

Method = Quiz.GradingMethod


def counted_score(quiz: Quiz, attempts: list[Attempt]) -> Decimal | None:
    """The score (%) that counts among ``attempts`` (graded ones, in order of number), or None."""
    scores = [a.score for a in sorted(attempts, key=lambda a: a.number) if a.state == Attempt.State.GRADED]
    scores = [s for s in scores if s is not None]
    if not scores:
        return None
    if quiz.grading_method == Method.FIRST:
        return scores[0]
    if quiz.grading_method == Method.LAST:
        return scores[-1]
    if quiz.grading_method == Method.AVERAGE:
        return (sum(scores) / len(scores)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return max(scores)
