"""An attempt's life: in progress → submitted → graded | needs grading → graded; or in progress →
abandoned when its time ran out and the quiz does not count late work.

Every change goes through ``_transition`` (the table ``ALLOWED``), with who and why recorded.
The attempt row is locked for each answer and for the submission, so a second browser's submit
waits for the first and is then refused cleanly. The server's clock is the only clock: the
deadline is fixed when the attempt starts (time limit, capped by the quiz's closing).
"""

import datetime
import random
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.assessment.bank.models import Question, QuestionKind
from certification.assessment.errors import AssessmentError
from certification.assessment.grading.services import attempt_grade
from certification.assessment.quizzes.models import Quiz
from certification.assessment.xapi import answer_statement
from courses import api as courses_api

from .models import Attempt, AttemptQuestion, AttemptTransition
from .states import State, transition

MAX_FIELDS = 60
MAX_VALUE_CHARS = 20000


def quiz_closed_reason(quiz: Quiz, *, now: datetime.datetime | None = None) -> str | None:
    now = now or timezone.now()
    if quiz.opens_at and now < quiz.opens_at:
        return _("This quiz is not open yet.")
    if quiz.closes_at and now >= quiz.closes_at:
        return _("This quiz is closed.")
    return None


def _draw(quiz: Quiz, rng: random.Random) -> list:
    """The question versions of a new attempt: fixed slots as they are, random slots drawn from
    their category (never the same question twice in one attempt)."""
    chosen: list = []
    used: set[int] = set()
    for slot in quiz.slots.select_related("question__current"):
        if slot.question_id:
            if slot.question.current is not None:
                chosen.append((slot.question.current, slot.mark))
                used.add(slot.question_id)
            continue
        pool = list(
            Question.objects.filter(category_id=slot.category_id, archived=False, current__isnull=False)
            .exclude(pk__in=used)
            .select_related("current")
        )
        for question in rng.sample(pool, min(slot.count, len(pool))):
            chosen.append((question.current, slot.mark))
            used.add(question.pk)
    if quiz.shuffle_questions:
        rng.shuffle(chosen)
    return chosen


def _option_order(version, *, shuffle: bool, rng: random.Random) -> list[str]:
    data = version.data
    if version.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        ids = [c["id"] for c in data["choices"]]
    elif version.kind == QuestionKind.MATCHING:
        ids = sorted({p["answer"] for p in data["pairs"]})
    elif version.kind == QuestionKind.ORDERING:
        # Always shuffled: in the given order the answer would be on the screen.
        ids = [i["id"] for i in data["items"]]
        shuffled = ids[:]
        while len(ids) > 1 and shuffled == ids:
            rng.shuffle(shuffled)
        return shuffled
    else:
        return []
    if shuffle:
        rng.shuffle(ids)
    return ids


@transaction.atomic
def attempt_start(*, user, quiz: Quiz) -> Attempt:
    """The person's attempt in progress (resumed on any device), or a new one when allowed."""
    locked = courses_api.activity_locked_reason(user_id=user.pk, activity_id=quiz.activity_id)
    if locked:
        raise AssessmentError(locked, code="locked")
    quiz = Quiz.objects.select_for_update().select_related("activity__module").get(pk=quiz.pk)
    for attempt in Attempt.objects.filter(quiz=quiz, user=user, state=State.IN_PROGRESS):
        attempt_settle(attempt=attempt)
        if attempt.state == State.IN_PROGRESS:
            return attempt
    closed = quiz_closed_reason(quiz)
    if closed:
        raise AssessmentError(closed, code="quiz_closed")
    taken = Attempt.objects.filter(quiz=quiz, user=user).count()
    if quiz.attempts_allowed and taken >= quiz.attempts_allowed:
        raise AssessmentError(_("You have used every attempt this quiz allows."), code="no_attempts_left")
    now = timezone.now()
    deadline = now + datetime.timedelta(minutes=quiz.time_limit_minutes) if quiz.time_limit_minutes else None
    if quiz.closes_at and (deadline is None or quiz.closes_at < deadline):
        deadline = quiz.closes_at
    enrolment = courses_api.enrolment_for(user_id=user.pk, course_id=quiz.activity.module.course_id)
    attempt = Attempt.objects.create(
        quiz=quiz,
        user=user,
        number=taken + 1,
        deadline=deadline,
        enrolment_id=enrolment.id if enrolment else None,
    )
    rng = random.Random()  # noqa: S311 — shuffling questions, not keeping secrets
    drawn = _draw(quiz, rng)
    if not drawn:
        raise AssessmentError(_("This quiz has no questions yet."), code="empty_quiz")
    AttemptQuestion.objects.bulk_create(
        AttemptQuestion(
            attempt=attempt,
            position=position,
            version=version,
            mark=mark if mark is not None else version.default_mark,
            order=_option_order(version, shuffle=quiz.shuffle_choices, rng=rng),
        )
        for position, (version, mark) in enumerate(drawn, start=1)
    )
    attempt.max_marks = sum((mark if mark is not None else v.default_mark for v, mark in drawn), Decimal(0))
    attempt.save(update_fields=["max_marks"])
    AttemptTransition.objects.create(
        attempt=attempt, to_state=State.IN_PROGRESS, by=user, reason=_("Started.")
    )
    return attempt


def _locked_own(*, attempt_id: int, user) -> Attempt:
    attempt = (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("quiz__activity")
        .filter(pk=attempt_id)
        .first()
    )
    if attempt is None or attempt.user_id != user.pk:
        raise AssessmentError(_("This attempt is not yours."), code="not_yours")
    attempt.user = user  # the same person: the xAPI actor needs no query of its own
    return attempt


def _settled(*, attempt_id: int, user) -> None:
    """Apply an overdue rule in a transaction of its own, so that it holds even when the request
    that noticed it is then refused."""
    with transaction.atomic():
        attempt_settle(attempt=_locked_own(attempt_id=attempt_id, user=user))


def attempt_settle(*, attempt: Attempt, now: datetime.datetime | None = None) -> Attempt:
    """Apply the quiz's overdue rule to an attempt whose time has run out (caller holds the lock)."""
    now = now or timezone.now()
    if attempt.state != State.IN_PROGRESS or attempt.deadline is None or now <= attempt.deadline:
        return attempt
    quiz = attempt.quiz
    if quiz.overdue == Quiz.Overdue.AUTO_SUBMIT:
        transition(attempt, State.SUBMITTED, reason=_("Time ran out: submitted with the answers saved."))
        return attempt_grade(attempt=attempt)
    if quiz.overdue == Quiz.Overdue.GRACE and now <= attempt.deadline + datetime.timedelta(
        minutes=quiz.grace_minutes
    ):
        return attempt
    return transition(attempt, State.ABANDONED, reason=_("Time ran out and the attempt was not submitted."))


def _parse_response(fields: dict[str, list[str]]) -> dict[str, list[str]]:
    if len(fields) > MAX_FIELDS or any(len(values) > MAX_FIELDS for values in fields.values()):
        raise AssessmentError(_("This answer has too many parts."), code="bad_answer")
    response: dict[str, list[str]] = {}
    for key, values in fields.items():
        if not isinstance(key, str) or len(key) > 40 or not all(isinstance(v, str) for v in values):
            raise AssessmentError(_("This answer could not be read."), code="bad_answer")
        if any(len(v) > MAX_VALUE_CHARS or "\x00" in v for v in values):
            raise AssessmentError(_("This answer is too long."), code="bad_answer")
        response[key] = list(values)
    return response


def answer_save(
    *,
    attempt_id: int,
    user,
    position: int,
    fields: dict[str, list[str]],
    sequence: int,
    seconds_left: float | None = None,
) -> AttemptQuestion:
    """Keep the answer to one question as given; refused after the deadline, on a closed quiz, on
    an attempt that is not the person's or no longer in progress. An answer older than the one
    kept (a late delivery from a device's outbox) changes nothing.

    ``seconds_left``: the time the device's countdown showed when the answer was given. An answer
    given in time that arrives late (the device was offline) still counts, within
    ``offline_window()`` after the deadline (ADR 0025)."""
    return answers_save(
        attempt_id=attempt_id,
        user=user,
        answers={position: fields},
        sequence=sequence,
        seconds_left=seconds_left,
    )[0]


def offline_window() -> datetime.timedelta:
    """How long after an attempt's deadline answers given in time may still arrive (ADR 0025);
    the overdue sweep waits as long before it settles an attempt."""
    return datetime.timedelta(minutes=getattr(settings, "ASSESSMENT_OFFLINE_ANSWER_MINUTES", 180))


def _given_at(attempt: Attempt, *, seconds_left: float | None, now: datetime.datetime) -> datetime.datetime:
    """When the answer counts as given: now, or — for one given in time that arrives after the
    deadline, within the offline window, to an attempt not yet settled — the moment the device's
    countdown showed, never before the attempt started."""
    if (
        seconds_left is None
        or seconds_left <= 0
        or attempt.deadline is None
        or attempt.state != State.IN_PROGRESS
        or not attempt.deadline < now <= attempt.deadline + offline_window()
    ):
        return now
    allowed = (attempt.deadline - attempt.started_at).total_seconds()
    return attempt.deadline - datetime.timedelta(seconds=min(seconds_left, allowed))


def answers_save(
    *,
    attempt_id: int,
    user,
    answers: dict[int, dict[str, list[str]]],
    sequence: int,
    seconds_left: float | None = None,
) -> list[AttemptQuestion]:
    """Keep a page's answers (the form sent without the script): all of them, or none when one
    is refused.

    One transaction and one lock of the attempt (the save is the request every trainee sends
    most): an overdue rule the lock finds applies and is committed, and then the answers are
    refused; any other refusal rolls back what it began, which was nothing yet. Answers given in
    time and delivered late are judged at the moment they were given (``answer_save``).
    """
    with transaction.atomic():
        attempt = _locked_own(attempt_id=attempt_id, user=user)
        now = timezone.now()
        given_at = _given_at(attempt, seconds_left=seconds_left, now=now)
        if given_at == now:
            attempt = attempt_settle(attempt=attempt, now=now)
        refusal = _answer_refusal(attempt, now=given_at)
        if refusal is None:
            return [
                _answer_keep(attempt, position=position, fields=fields, sequence=sequence, now=given_at)
                for position, fields in answers.items()
            ]
    raise refusal


def _answer_refusal(attempt: Attempt, *, now: datetime.datetime) -> AssessmentError | None:
    if attempt.state != State.IN_PROGRESS:
        return AssessmentError(
            _("This attempt has been submitted; answers can no longer change."), code="not_in_progress"
        )
    if attempt.deadline and now > attempt.deadline:
        return AssessmentError(
            _("The time for this attempt is over; the answer was not saved."), code="time_over"
        )
    closed = quiz_closed_reason(attempt.quiz, now=now)
    if closed:
        return AssessmentError(closed, code="quiz_closed")
    return None


def _answer_keep(
    attempt: Attempt, *, position: int, fields: dict[str, list[str]], sequence: int, now: datetime.datetime
) -> AttemptQuestion:
    question = (
        attempt.questions.select_related("version")
        .only("attempt_id", "position", "sequence", "version__kind", "version__question_id")
        .filter(position=position)
        .first()
    )
    if question is None:
        raise AssessmentError(_("This attempt has no such question."), code="no_question")
    if not 0 < sequence < 2**62:
        raise AssessmentError(_("This answer could not be read."), code="bad_answer")
    response = _parse_response(fields)
    if sequence <= question.sequence:
        return question
    question.response = response
    question.sequence = sequence
    question.answered_at = now
    question.save(update_fields=["response", "sequence", "answered_at"])
    question.attempt = attempt
    answer_statement(attempt, question)
    return question


def attempt_submit(*, attempt_id: int, user) -> Attempt:
    """Submit and grade. A second submit (another browser, a double tap) is refused, never applied twice."""
    _settled(attempt_id=attempt_id, user=user)
    with transaction.atomic():
        return _submit(attempt_id=attempt_id, user=user)


def _submit(*, attempt_id: int, user) -> Attempt:
    attempt = _locked_own(attempt_id=attempt_id, user=user)
    if attempt.state == State.ABANDONED:
        raise AssessmentError(
            _("The time for this attempt ran out before it was submitted."), code="time_over"
        )
    if attempt.state != State.IN_PROGRESS:
        raise AssessmentError(_("This attempt has already been submitted."), code="already_submitted")
    reason = _("Submitted by the trainee.")
    if attempt.deadline and timezone.now() > attempt.deadline:
        reason = _("Submitted in the grace period.")
    transition(attempt, State.SUBMITTED, by=user, reason=reason)
    return attempt_grade(attempt=attempt)


def attempts_overdue_settle(*, now: datetime.datetime | None = None) -> int:
    """Settle every attempt whose deadline has passed (run by Celery beat); safe to run twice."""
    now = now or timezone.now()
    settled = 0
    # Answers given in time may still be on their way from devices that were offline: the sweep
    # waits for them (a trainee's own submit, or an answer given after the deadline, settles now).
    overdue = Attempt.objects.filter(state=State.IN_PROGRESS, deadline__lt=now - offline_window())
    for attempt_id in overdue.values_list("pk", flat=True):
        with transaction.atomic():
            attempt = (
                Attempt.objects.select_for_update(of=("self",))
                .select_related("quiz__activity")
                .get(pk=attempt_id)
            )
            before = attempt.state
            if attempt_settle(attempt=attempt, now=now).state != before:
                settled += 1
    return settled
