"""What the attempt pages show: each question with its options in this attempt's order, the
answer kept, and (in the review) marks and feedback as the quiz allows."""

from dataclasses import dataclass, field

from django.utils import timezone

from certification.assessment.bank.kinds import BLANK
from certification.assessment.bank.models import QuestionKind
from certification.assessment.quizzes.models import Quiz

from .models import Attempt, AttemptQuestion


@dataclass
class ShownQuestion:
    held: AttemptQuestion
    kind: str
    text: str
    options: list[dict] = field(default_factory=list)  # choices, matching answers, ordering items
    prompts: list[dict] = field(default_factory=list)  # matching prompts
    pieces: list[dict] = field(default_factory=list)  # cloze: text and blanks in turn
    value: str = ""
    values: list[str] = field(default_factory=list)

    @property
    def field(self) -> str:
        return f"q{self.held.position}"


def _given(held: AttemptQuestion, key: str = "") -> str:
    values = (held.response or {}).get(key) or [""]
    return values[0]


def shown(held: AttemptQuestion) -> ShownQuestion:
    version = held.version
    data = version.data
    question = ShownQuestion(held=held, kind=version.kind, text=version.text)
    response = held.response or {}
    question.value = _given(held)
    question.values = response.get("", [])
    if version.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        by_id = {c["id"]: c for c in data["choices"]}
        question.options = [by_id[i] for i in held.order if i in by_id]
    elif version.kind == QuestionKind.MATCHING:
        question.options = [{"id": a, "text": a} for a in held.order]
        question.prompts = [{**p, "given": _given(held, p["id"])} for p in data["pairs"]]
    elif version.kind == QuestionKind.ORDERING:
        by_id = {i["id"]: i for i in data["items"]}
        places = [str(n) for n in range(1, len(by_id) + 1)]
        question.options = [
            {**by_id[i], "given": _given(held, i), "places": places} for i in held.order if i in by_id
        ]
    elif version.kind == QuestionKind.CLOZE:
        parts = BLANK.split(version.text)
        for index, part in enumerate(parts):
            if index % 2 == 0:
                question.pieces.append({"text": part})
            else:
                question.pieces.append({"blank": part, "given": _given(held, part)})
    return question


def review_allowed(attempt: Attempt) -> bool:
    quiz = attempt.quiz
    if (
        attempt.state in (Attempt.State.IN_PROGRESS, Attempt.State.ABANDONED)
        or quiz.review == Quiz.Review.NEVER
    ):
        return False
    if quiz.review == Quiz.Review.AFTER_CLOSE:
        return quiz.closes_at is not None and timezone.now() >= quiz.closes_at
    return True


def seconds_left(attempt: Attempt) -> int | None:
    if attempt.deadline is None:
        return None
    return max(0, int((attempt.deadline - timezone.now()).total_seconds()))
