"""Item analysis of a quiz: facility, discrimination and distractor counts per question.

- Each trainee's first graded attempt is analysed (later attempts have seen the questions).
- Facility: the mean fraction of the mark earned (0–1; shown as %).
- Discrimination: Kelley's upper–lower index — the facility among the top 27 % of attempts by
  total score minus the facility among the bottom 27 % (groups of round(0.27 × n), at least one;
  ties broken by attempt number so that the result does not depend on the database's order).
  Chosen over the point-biserial correlation because instructors can check it by hand.
- Distractors: how many attempts chose each option (single, multiple choice and true/false).
"""

from dataclasses import dataclass

import pandas as pd

from certification.assessment.attempts.models import Attempt, AttemptQuestion
from certification.assessment.quizzes.models import Quiz

GROUP_SHARE = 0.27


@dataclass(frozen=True)
class ItemStats:
    question_id: int
    name: str
    kind: str
    answered: int
    facility: float
    discrimination: float | None
    distractors: dict[str, int]


def answers_frame(quiz: Quiz) -> pd.DataFrame:
    """One row per question of each trainee's first graded attempt."""
    first = {}
    for attempt_id, user_id in (
        Attempt.objects.filter(quiz=quiz, state=Attempt.State.GRADED)
        .order_by("number", "pk")
        .values_list("pk", "user_id")
    ):
        first.setdefault(user_id, attempt_id)
    rows = AttemptQuestion.objects.filter(attempt_id__in=first.values()).values(
        "attempt_id",
        "attempt__score",
        "version__question_id",
        "version__name",
        "version__kind",
        "version__data",
        "fraction",
        "response",
        "order",
    )
    frame = pd.DataFrame.from_records(list(rows))
    if frame.empty:
        return frame
    frame = frame.rename(
        columns={
            "attempt__score": "score",
            "version__question_id": "question_id",
            "version__name": "name",
            "version__kind": "kind",
            "version__data": "data",
        }
    )
    frame["fraction"] = frame["fraction"].astype(float)
    frame["score"] = frame["score"].astype(float)
    return frame


def discrimination(frame: pd.DataFrame) -> pd.Series:
    """Kelley's upper–lower index per question, from rows of (attempt_id, score, question_id, fraction)."""
    totals = frame.drop_duplicates("attempt_id")[["attempt_id", "score"]].sort_values(["score", "attempt_id"])
    size = max(1, round(GROUP_SHARE * len(totals)))
    if len(totals) < 2 * size:
        return pd.Series(dtype=float)
    lower = set(totals["attempt_id"].iloc[:size])
    upper = set(totals["attempt_id"].iloc[-size:])
    upper_facility = frame[frame["attempt_id"].isin(upper)].groupby("question_id")["fraction"].mean()
    lower_facility = frame[frame["attempt_id"].isin(lower)].groupby("question_id")["fraction"].mean()
    return upper_facility.sub(lower_facility, fill_value=0.0)


def _distractors(rows: pd.DataFrame) -> dict[str, int]:
    kind = rows["kind"].iloc[0]
    data = rows["data"].iloc[0]
    if kind in ("single", "multiple"):
        counts = {c["text"]: 0 for c in data["choices"]}
        by_id = {c["id"]: c["text"] for c in data["choices"]}
    elif kind == "true_false":
        counts = {"true": 0, "false": 0}
        by_id = {"true": "true", "false": "false"}
    else:
        return {}
    for response in rows["response"]:
        for chosen in set((response or {}).get("", [])):
            if chosen in by_id:
                counts[by_id[chosen]] += 1
    return counts


def item_analysis(*, quiz: Quiz) -> list[ItemStats]:
    frame = answers_frame(quiz)
    if frame.empty:
        return []
    facility = frame.groupby("question_id")["fraction"].mean()
    index = discrimination(frame)
    stats = []
    for question_id, rows in frame.groupby("question_id", sort=False):
        d = index.get(question_id)
        stats.append(
            ItemStats(
                question_id=int(question_id),
                name=rows["name"].iloc[-1],
                kind=rows["kind"].iloc[-1],
                answered=len(rows),
                facility=round(float(facility[question_id]), 4),
                discrimination=None if d is None or pd.isna(d) else round(float(d), 4),
                distractors=_distractors(rows),
            )
        )
    return sorted(stats, key=lambda s: s.question_id)
