"""Learning gain per cohort: the counted pre-test and post-test scores of each trainee who took both.

- gain: mean(post − pre), in percentage points;
- normalised gain: Hake's class-average g = (mean post − mean pre) / (100 − mean pre), the share
  of what the cohort could still learn that it learned (undefined when the pre-test mean is 100).
"""

from dataclasses import dataclass

import pandas as pd

from certification.assessment.attempts.models import Attempt
from certification.assessment.grading.results import counted_score
from certification.assessment.quizzes.models import Quiz


@dataclass(frozen=True)
class CohortGain:
    cohort_id: int
    trainees: int
    pre_mean: float
    post_mean: float
    gain: float
    normalised_gain: float | None


def scores_frame(*, course_id: int) -> pd.DataFrame:
    """Counted pre/post scores per enrolment of the course: enrolment_id, cohort_id, pre, post."""
    attempts = (
        Attempt.objects.filter(
            quiz__activity__module__course_id=course_id,
            quiz__purpose__in=(Quiz.Purpose.PRE_TEST, Quiz.Purpose.POST_TEST),
            state=Attempt.State.GRADED,
            enrolment__isnull=False,
        )
        .select_related("quiz")
        .order_by("number")
    )
    grouped: dict[tuple[int, int, str], list[Attempt]] = {}
    quizzes: dict[int, Quiz] = {}
    cohorts: dict[int, int] = dict(
        Attempt.objects.filter(pk__in=[a.pk for a in attempts]).values_list(
            "enrolment_id", "enrolment__cohort_id"
        )
    )
    for attempt in attempts:
        quizzes[attempt.quiz_id] = attempt.quiz
        grouped.setdefault((attempt.enrolment_id, attempt.quiz_id, attempt.quiz.purpose), []).append(attempt)
    rows = [
        {
            "enrolment_id": enrolment_id,
            "cohort_id": cohorts[enrolment_id],
            "purpose": purpose,
            "score": float(counted_score(quizzes[quiz_id], group)),
        }
        for (enrolment_id, quiz_id, purpose), group in grouped.items()
    ]
    if not rows:
        return pd.DataFrame(columns=["enrolment_id", "cohort_id", "pre_test", "post_test"])
    frame = pd.DataFrame(rows).pivot_table(
        index=["enrolment_id", "cohort_id"], columns="purpose", values="score", aggfunc="max"
    )
    return frame.reset_index()


def gain_by_cohort(frame: pd.DataFrame) -> list[CohortGain]:
    """Learning gain per cohort from a frame of enrolment_id, cohort_id, pre_test, post_test."""
    if frame.empty or "pre_test" not in frame or "post_test" not in frame:
        return []
    both = frame.dropna(subset=["pre_test", "post_test"])
    result = []
    for cohort_id, rows in both.groupby("cohort_id"):
        pre, post = rows["pre_test"].mean(), rows["post_test"].mean()
        result.append(
            CohortGain(
                cohort_id=int(cohort_id),
                trainees=len(rows),
                pre_mean=round(float(pre), 2),
                post_mean=round(float(post), 2),
                gain=round(float((rows["post_test"] - rows["pre_test"]).mean()), 2),
                normalised_gain=None if pre >= 100 else round(float((post - pre) / (100 - pre)), 4),
            )
        )
    return result


def learning_gain(*, course_id: int) -> list[CohortGain]:
    return gain_by_cohort(scores_frame(course_id=course_id))
