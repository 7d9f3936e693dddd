"""Read-side selectors of assessment for other apps and pages."""

from collections import defaultdict
from collections.abc import Iterable

from .attempts.models import Attempt
from .data import TestScoresData
from .grading.results import counted_score
from .quizzes.models import Quiz


def test_scores_for(*, enrolment_ids: Iterable[int]) -> dict[int, TestScoresData]:
    """Counted pre- and post-test scores per enrolment (enrolments with neither are left out)."""
    attempts = (
        Attempt.objects.filter(
            enrolment_id__in=list(enrolment_ids),
            quiz__purpose__in=(Quiz.Purpose.PRE_TEST, Quiz.Purpose.POST_TEST),
            state=Attempt.State.GRADED,
        )
        .select_related("quiz")
        .order_by("number")
    )
    grouped: dict[tuple[int, int], list[Attempt]] = defaultdict(list)
    for attempt in attempts:
        grouped[(attempt.enrolment_id, attempt.quiz_id)].append(attempt)
    scores: dict[int, dict[str, object]] = defaultdict(dict)
    for (enrolment_id, _quiz_id), group in grouped.items():
        quiz = group[0].quiz
        scores[enrolment_id][quiz.purpose] = counted_score(quiz, group)
    return {
        enrolment_id: TestScoresData(
            pre=found.get(Quiz.Purpose.PRE_TEST), post=found.get(Quiz.Purpose.POST_TEST)
        )
        for enrolment_id, found in scores.items()
    }
