"""Acceptance 4: item analysis and learning gain match values computed by hand on a fixture cohort."""

import datetime

import pytest
from django.utils import timezone

from certification.assessment.analysis.gain import learning_gain
from certification.assessment.analysis.items import item_analysis
from certification.assessment.attempts.services import answer_save, attempt_start, attempt_submit
from certification.assessment.bank.services import question_create
from certification.assessment.quizzes.services import quiz_create, quiz_question_add
from courses.enrolment.services import enrolment_request
from courses.models import Activity
from tests.certification.factories import category, quiz_with
from tests.courses.factories import ActivityFactory, CohortFactory, CourseModuleFactory
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db

CHOICES = {
    "choices": [
        {"id": "a", "text": "صحيح", "fraction": 1.0},
        {"id": "b", "text": "خطأ أول", "fraction": 0.0},
        {"id": "c", "text": "خطأ ثان", "fraction": 0.0},
    ]
}


def take(quiz, user, answers: list[str]):
    attempt = attempt_start(user=user, quiz=quiz)
    for position, value in enumerate(answers, start=1):
        answer_save(attempt_id=attempt.pk, user=user, position=position, fields={"": [value]}, sequence=1)
    return attempt_submit(attempt_id=attempt.pk, user=user)


def test_item_analysis_matches_hand_computed_values():
    """Eight trainees; questions worth 1, 2 and 4 marks; trainee i answers question k right when
    bit k of i is set, so the totals 0…7 are all different. Wrong answers are "b" for i < 4,
    "c" otherwise. By hand (groups of round(0.27 × 8) = 2: trainees 0–1 below, 6–7 above):

    - facility: 4 of 8 right on each question → 0.5, 0.5, 0.5
    - discrimination: Q1 upper (i6: 0, i7: 1) 0.5 − lower (i0: 0, i1: 1) 0.5 = 0; Q2 1 − 0 = 1; Q3 1 − 0 = 1
    - distractors: Q1 wrong for i = 0, 2 (b), 4, 6 (c); Q2 wrong for 0, 1 (b), 4, 5 (c); Q3 wrong for 0–3 (b)
    """
    bank_category = category()
    questions = [
        question_create(category=bank_category, kind="single", text=f"سؤال {n}", data=CHOICES, name=f"Q{n}")
        for n in (1, 2, 3)
    ]
    quiz, first = quiz_with(attempts_allowed=2)
    for question, mark in zip(questions, (1, 2, 4), strict=True):
        quiz_question_add(quiz=quiz, question=question, mark=mark)
    cohort = quiz.activity.module.course.cohorts.first()
    trainees = [first] + [UserFactory() for _ in range(7)]
    for user in trainees[1:]:
        enrolment_request(user=user, cohort=cohort)
    for i, user in enumerate(trainees):
        wrong = "b" if i < 4 else "c"
        take(quiz, user, ["a" if i & (1 << k) else wrong for k in range(3)])
    take(quiz, trainees[7], ["b", "b", "b"])  # a second attempt: only the first is analysed

    stats = item_analysis(quiz=quiz)
    assert [(s.name, s.answered, s.facility, s.discrimination) for s in stats] == [
        ("Q1", 8, 0.5, 0.0),
        ("Q2", 8, 0.5, 1.0),
        ("Q3", 8, 0.5, 1.0),
    ]
    assert [s.distractors for s in stats] == [
        {"صحيح": 4, "خطأ أول": 2, "خطأ ثان": 2},
        {"صحيح": 4, "خطأ أول": 2, "خطأ ثان": 2},
        {"صحيح": 4, "خطأ أول": 4, "خطأ ثان": 0},
    ]


def test_learning_gain_per_cohort_matches_hand_computed_values():
    """Pre- and post-tests of five true/false questions (20 % each).

    Cohort A: pre 20, 40, 60 → mean 40; post 60, 80, 100 → mean 80; gain 40;
    g = (80 − 40) / (100 − 40) = 0.6667. Cohort B: pre 40, post 60 → gain 20, g = 20 / 60 = 0.3333;
    a second trainee of B took only the pre-test and is left out.
    """
    bank_category = category()
    statements = [
        question_create(category=bank_category, kind="true_false", text=f"عبارة {n}", data={"answer": True})
        for n in range(5)
    ]
    cohort_a = CohortFactory(starts_on=timezone.localdate() - datetime.timedelta(days=1))
    course = cohort_a.course
    cohort_b = CohortFactory(course=course, starts_on=timezone.localdate() - datetime.timedelta(days=2))
    module = CourseModuleFactory(course=course)
    tests = {}
    for purpose in ("pre_test", "post_test"):
        tests[purpose] = quiz_create(
            activity=ActivityFactory(module=module, kind=Activity.Kind.QUIZ), purpose=purpose
        )
        for question in statements:
            quiz_question_add(quiz=tests[purpose], question=question)

    def answers(percent: int) -> list[str]:
        right = percent // 20
        return ["true"] * right + ["false"] * (5 - right)

    plan = [
        (cohort_a, 20, 60),
        (cohort_a, 40, 80),
        (cohort_a, 60, 100),
        (cohort_b, 40, 60),
        (cohort_b, 80, None),
    ]
    for cohort, pre, post in plan:
        user = UserFactory()
        enrolment_request(user=user, cohort=cohort)
        take(tests["pre_test"], user, answers(pre))
        if post is not None:
            take(tests["post_test"], user, answers(post))

    gains = {g.cohort_id: g for g in learning_gain(course_id=course.pk)}
    a, b = gains[cohort_a.pk], gains[cohort_b.pk]
    assert (a.trainees, a.pre_mean, a.post_mean, a.gain, a.normalised_gain) == (3, 40.0, 80.0, 40.0, 0.6667)
    assert (b.trainees, b.pre_mean, b.post_mean, b.gain, b.normalised_gain) == (1, 40.0, 60.0, 20.0, 0.3333)
