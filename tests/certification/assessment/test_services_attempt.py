"""Taking a quiz: start, answer, submit, grade; the counted result reaches courses."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from certification import api as certification_api
from certification.assessment.attempts.models import Attempt
from certification.assessment.attempts.services import (
    answer_save,
    attempt_start,
    attempt_submit,
    attempts_overdue_settle,
)
from certification.assessment.errors import AssessmentError
from certification.assessment.grading.services import essay_grade
from content.lrs.models import Statement
from courses.models import ActivityResult
from tests.certification.factories import bank, quiz_with, right_answer

pytestmark = pytest.mark.django_db


def test_every_kind_answered_right_scores_full_and_reaches_courses():
    questions = bank()
    quiz, trainee = quiz_with(questions.values(), purpose="pre_test")
    attempt = attempt_start(user=trainee, quiz=quiz)
    for held in attempt.questions.select_related("version"):
        answer_save(
            attempt_id=attempt.pk,
            user=trainee,
            position=held.position,
            fields=right_answer(held.version.kind),
            sequence=1,
        )
    attempt = attempt_submit(attempt_id=attempt.pk, user=trainee)
    assert attempt.state == Attempt.State.NEEDS_GRADING  # the essay waits
    assert attempt.score == Decimal("88.89")  # 8 of 9 marks
    essay = attempt.questions.get(needs_manual=True)
    essay_grade(question=essay, by=None, points={"0": 2, "1": 3}, comment="جيد")
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.GRADED
    assert attempt.score == Decimal("100.00")
    result = ActivityResult.objects.get(activity_id=quiz.activity_id)
    assert result.score == Decimal("100.00") and result.passed and result.completed
    assert Statement.objects.count() >= len(questions) + 1
    assert certification_api.test_scores_for(enrolment_ids=[attempt.enrolment_id])[
        attempt.enrolment_id
    ].pre == Decimal("100.00")


def test_resume_returns_the_same_attempt_and_second_submit_is_refused():
    questions = bank(kinds=["single", "true_false"])
    quiz, trainee = quiz_with(questions.values())
    first = attempt_start(user=trainee, quiz=quiz)
    assert attempt_start(user=trainee, quiz=quiz).pk == first.pk
    attempt_submit(attempt_id=first.pk, user=trainee)
    with pytest.raises(AssessmentError) as refused:
        attempt_submit(attempt_id=first.pk, user=trainee)
    assert refused.value.code == "already_submitted"
    with pytest.raises(AssessmentError) as refused:
        attempt_start(user=trainee, quiz=quiz)
    assert refused.value.code == "no_attempts_left"


def test_a_late_answer_from_an_outbox_never_overwrites_a_newer_one():
    quiz, trainee = quiz_with(bank(kinds=["single"]).values())
    attempt = attempt_start(user=trainee, quiz=quiz)
    answer_save(attempt_id=attempt.pk, user=trainee, position=1, fields={"": ["a"]}, sequence=5)
    answer_save(attempt_id=attempt.pk, user=trainee, position=1, fields={"": ["b"]}, sequence=3)
    assert attempt.questions.get().response == {"": ["a"]}


def test_time_running_out_submits_what_was_saved():
    quiz, trainee = quiz_with(bank(kinds=["single", "true_false"]).values(), time_limit_minutes=10)
    attempt = attempt_start(user=trainee, quiz=quiz)
    answer_save(attempt_id=attempt.pk, user=trainee, position=1, fields={"": ["a"]}, sequence=1)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - datetime.timedelta(seconds=1))
    with pytest.raises(AssessmentError):
        answer_save(attempt_id=attempt.pk, user=trainee, position=2, fields={"": ["true"]}, sequence=2)
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.GRADED
    assert attempt.score == Decimal("50.00")


def _overdue(attempt: Attempt, *, by: datetime.timedelta) -> None:
    """Move the attempt back in time: its deadline passed ``by`` ago."""
    shift = attempt.deadline - timezone.now() + by
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=attempt.started_at - shift, deadline=attempt.deadline - shift
    )


def _second_answer_refused_and_graded_with_the_first(attempt: Attempt, trainee, *, seconds_left) -> None:
    with pytest.raises(AssessmentError) as refused:
        answer_save(
            attempt_id=attempt.pk,
            user=trainee,
            position=2,
            fields={"": ["true"]},
            sequence=2,
            seconds_left=seconds_left,
        )
    assert refused.value.code in ("time_over", "not_in_progress")
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.GRADED
    assert attempt.score == Decimal("50.00")


def test_answers_given_in_time_count_when_they_arrive_late_within_the_offline_window(settings):
    settings.ASSESSMENT_OFFLINE_ANSWER_MINUTES = 180
    quiz, trainee = quiz_with(bank(kinds=["single", "true_false"]).values(), time_limit_minutes=10)
    attempt = attempt_start(user=trainee, quiz=quiz)
    _overdue(attempt, by=datetime.timedelta(hours=1))
    # The sweep waits for answers still on their way from devices that were offline.
    assert attempts_overdue_settle() == 0

    held = answer_save(
        attempt_id=attempt.pk, user=trainee, position=1, fields={"": ["a"]}, sequence=1, seconds_left=300
    )

    attempt.refresh_from_db()
    assert held.answered_at == attempt.deadline - datetime.timedelta(seconds=300)
    assert attempt.state == Attempt.State.IN_PROGRESS
    # An answer given after the time ran out is refused, and settles the attempt with the first.
    for left in (0, None):
        _second_answer_refused_and_graded_with_the_first(attempt, trainee, seconds_left=left)


def test_after_the_offline_window_late_answers_are_refused_and_the_sweep_settles(settings):
    settings.ASSESSMENT_OFFLINE_ANSWER_MINUTES = 180
    quiz, trainee = quiz_with(bank(kinds=["single", "true_false"]).values(), time_limit_minutes=10)
    attempt = attempt_start(user=trainee, quiz=quiz)
    answer_save(attempt_id=attempt.pk, user=trainee, position=1, fields={"": ["a"]}, sequence=1)
    _overdue(attempt, by=datetime.timedelta(hours=3, minutes=1))

    assert attempts_overdue_settle() == 1
    _second_answer_refused_and_graded_with_the_first(attempt, trainee, seconds_left=60)


def test_a_claimed_time_left_never_dates_an_answer_before_the_attempt_started(settings):
    settings.ASSESSMENT_OFFLINE_ANSWER_MINUTES = 180
    quiz, trainee = quiz_with(bank(kinds=["single"]).values(), time_limit_minutes=10)
    attempt = attempt_start(user=trainee, quiz=quiz)
    _overdue(attempt, by=datetime.timedelta(minutes=5))
    attempt.refresh_from_db()

    held = answer_save(
        attempt_id=attempt.pk, user=trainee, position=1, fields={"": ["a"]}, sequence=1, seconds_left=10**30
    )

    assert held.answered_at == attempt.started_at


def test_the_window_at_zero_refuses_late_answers_as_before(settings):
    settings.ASSESSMENT_OFFLINE_ANSWER_MINUTES = 0
    quiz, trainee = quiz_with(bank(kinds=["single"]).values(), time_limit_minutes=10)
    attempt = attempt_start(user=trainee, quiz=quiz)
    _overdue(attempt, by=datetime.timedelta(seconds=5))
    with pytest.raises(AssessmentError) as refused:
        answer_save(
            attempt_id=attempt.pk, user=trainee, position=1, fields={"": ["a"]}, sequence=1, seconds_left=300
        )
    # Settled as the quiz says (submitted with nothing saved), then refused.
    assert refused.value.code == "not_in_progress"
    assert attempt.questions.get().response is None
