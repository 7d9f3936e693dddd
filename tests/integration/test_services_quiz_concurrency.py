"""A quiz attempt submitted from several browsers at once is graded once; answers racing the
submission are either kept before it or refused after it (PostgreSQL, row locks)."""

import pytest
from django.db import connection

from certification import api as certification_api
from certification.assessment.attempts.models import Attempt
from certification.assessment.attempts.services import answer_save, attempt_start, attempt_submit
from certification.assessment.errors import AssessmentError
from content.lrs.models import Statement
from tests.certification.factories import bank, quiz_with
from tests.integration.concurrency import concurrently

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_six_submits_at_once_grade_the_attempt_once():
    assert connection.vendor == "postgresql"
    graded = []

    def receiver(sender, **kwargs):
        graded.append(kwargs["attempt_id"])

    certification_api.quiz_attempt_graded.connect(receiver, weak=False)
    try:
        quiz, trainee = quiz_with(bank(kinds=["single", "true_false"]).values(), purpose="post_test")
        attempt = attempt_start(user=trainee, quiz=quiz)
        answer_save(attempt_id=attempt.pk, user=trainee, position=1, fields={"": ["a"]}, sequence=1)
        refusals = []

        def submit():
            try:
                attempt_submit(attempt_id=attempt.pk, user=trainee)
            except AssessmentError as error:
                refusals.append(error.code)

        def late_answer():
            try:
                answer_save(
                    attempt_id=attempt.pk, user=trainee, position=2, fields={"": ["true"]}, sequence=2
                )
            except AssessmentError as error:
                refusals.append(error.code)

        assert concurrently(*[submit] * 6, late_answer) == []
    finally:
        certification_api.quiz_attempt_graded.disconnect(receiver)
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.GRADED
    assert refusals.count("already_submitted") == 5
    assert set(refusals) <= {"already_submitted", "not_in_progress"}
    assert attempt.transitions.filter(to_state=Attempt.State.SUBMITTED).count() == 1
    assert graded == [attempt.pk]
    results = [
        v for v in Statement.objects.values_list("verb_id", flat=True) if v.endswith(("/passed", "/failed"))
    ]
    assert len(results) == 1
    # The late answer counted only if it was kept before the submission took the lock.
    second = attempt.questions.get(position=2)
    assert attempt.score == (100 if second.response else 50)
