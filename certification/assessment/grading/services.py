"""Grading: automatic on submission, by a person for essays (with a rubric), regrades after a
question is fixed, and overrides with a reason. Every mark a person or a regrade sets is a
``MarkChange`` row with who and why. A graded attempt's counted result goes to ``courses`` and
to the LRS, and ``quiz_attempt_graded`` is sent once the transaction commits.
"""

import contextlib
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from certification.assessment.attempts.models import Attempt, AttemptQuestion, MarkChange
from certification.assessment.attempts.states import State, transition
from certification.assessment.bank.models import Question
from certification.assessment.errors import AssessmentError
from certification.assessment.signals import quiz_attempt_graded
from certification.assessment.xapi import result_statement
from courses import api as courses_api

from .results import counted_score
from .scoring import rubric_fraction, score


def _total(attempt: Attempt) -> None:
    questions = list(attempt.questions.all())
    marks = sum((q.fraction * q.mark for q in questions if q.fraction is not None), Decimal(0))
    attempt.marks = marks.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    attempt.score = (
        (marks * 100 / attempt.max_marks).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        if attempt.max_marks
        else Decimal(0)
    )
    attempt.save(update_fields=["marks", "score"])


def _report(attempt: Attempt) -> None:
    """The counted result to courses (completion rules use it), the attempt's to the LRS, and the
    signal on commit. Courses keeps a result only when it improves (``activity_result_record``)."""
    quiz = attempt.quiz
    counted = counted_score(quiz, list(Attempt.objects.filter(quiz=quiz, user_id=attempt.user_id)))
    if counted is not None:
        # Not enrolled (an instructor trying the quiz): the attempt is graded all the same.
        with contextlib.suppress(courses_api.CoursesError):
            courses_api.activity_result_record(
                user_id=attempt.user_id,
                activity_id=quiz.activity_id,
                score=counted,
                completed=True,
                passed=counted >= quiz.pass_mark,
            )
    revision = attempt.transitions.count() + MarkChange.objects.filter(question__attempt=attempt).count()
    result_statement(attempt, passed=attempt.score >= quiz.pass_mark, revision=revision)
    payload = {
        "attempt_id": attempt.pk,
        "user_id": attempt.user_id,
        "activity_id": quiz.activity_id,
        "enrolment_id": attempt.enrolment_id,
    }
    transaction.on_commit(lambda: quiz_attempt_graded.send(sender=Attempt, **payload))


def attempt_grade(*, attempt: Attempt) -> Attempt:
    """Mark a submitted attempt: automatically where a machine can, else it waits for a person."""
    questions = list(attempt.questions.select_related("version"))
    for question in questions:
        fraction = score(question.version, question.response)
        question.fraction = fraction
        question.needs_manual = fraction is None
    AttemptQuestion.objects.bulk_update(questions, ["fraction", "needs_manual"])
    _total(attempt)
    if any(q.needs_manual for q in questions):
        return transition(attempt, State.NEEDS_GRADING, reason=_("An answer waits for a person to grade it."))
    transition(attempt, State.GRADED, reason=_("Graded automatically."))
    _report(attempt)
    return attempt


def _locked_question(question: AttemptQuestion) -> tuple[AttemptQuestion, Attempt]:
    attempt = (
        Attempt.objects.select_for_update(of=("self",)).select_related("quiz").get(pk=question.attempt_id)
    )
    question = AttemptQuestion.objects.select_related("version").get(pk=question.pk)
    return question, attempt


def _apply(
    question: AttemptQuestion, attempt: Attempt, *, fraction: Decimal, kind: str, by, reason: str, rubric=None
):
    MarkChange.objects.create(
        question=question,
        kind=kind,
        old_fraction=question.fraction,
        new_fraction=fraction,
        rubric=rubric or {},
        by=by,
        reason=reason[:300],
    )
    question.fraction = fraction
    question.needs_manual = False
    question.save(update_fields=["fraction", "needs_manual", "comment"])
    _total(attempt)
    if attempt.state == State.NEEDS_GRADING and not attempt.questions.filter(needs_manual=True).exists():
        transition(attempt, State.GRADED, by=by, reason=_("Every answer graded."))
    if attempt.state == State.GRADED:
        _report(attempt)


@transaction.atomic
def essay_grade(
    *, question: AttemptQuestion, by, points: dict[str, float], comment: str = ""
) -> AttemptQuestion:
    """A person grades an essay answer by its rubric (points per criterion, by index)."""
    question, attempt = _locked_question(question)
    if not question.needs_manual:
        raise AssessmentError(_("This answer does not wait for grading."), code="not_waiting")
    question.comment = comment[:5000]
    fraction = rubric_fraction(question.version, points)
    _apply(
        question,
        attempt,
        fraction=fraction,
        kind=MarkChange.Kind.MANUAL,
        by=by,
        reason=_("Graded by rubric."),
        rubric=points,
    )
    return question


@transaction.atomic
def mark_override(*, question: AttemptQuestion, by, fraction: Decimal, reason: str) -> AttemptQuestion:
    """Set an answer's mark by hand, with a reason; logged with who did it."""
    if not reason.strip():
        raise AssessmentError(_("Say why the mark is changed."), code="no_reason")
    if not Decimal(0) <= fraction <= Decimal(1):
        raise AssessmentError(_("The mark must be between 0 and the question's full mark."), code="bad_mark")
    question, attempt = _locked_question(question)
    if attempt.state not in (State.GRADED, State.NEEDS_GRADING):
        raise AssessmentError(_("Only a submitted attempt's marks can be changed."), code="not_graded")
    _apply(question, attempt, fraction=fraction, kind=MarkChange.Kind.OVERRIDE, by=by, reason=reason)
    return question


@transaction.atomic
def question_regrade(*, question: Question, by, reason: str = "") -> int:
    """Re-mark every submitted answer to ``question`` with its current (fixed) version's key.

    The attempts keep the version they showed; marks set by a person (manual or override) stay.
    Returns how many answers changed mark.
    """
    current = question.current
    reason = reason or _("Regraded after the question was fixed (version %(number)s).") % {
        "number": current.number
    }
    answers = (
        AttemptQuestion.objects.filter(
            version__question=question,
            version__kind=current.kind,
            needs_manual=False,
            attempt__state__in=(State.GRADED, State.NEEDS_GRADING),
        )
        .annotate(by_hand=Count("mark_changes", filter=~Q(mark_changes__kind=MarkChange.Kind.REGRADE)))
        .filter(by_hand=0)
        .values_list("pk", "attempt_id")
    )
    changed = 0
    for pk, attempt_id in list(answers):
        answer, attempt = _locked_question(AttemptQuestion(pk=pk, attempt_id=attempt_id))
        fraction = score(current, answer.response)
        if fraction is None or fraction == answer.fraction:
            continue
        _apply(answer, attempt, fraction=fraction, kind=MarkChange.Kind.REGRADE, by=by, reason=reason)
        changed += 1
    return changed
