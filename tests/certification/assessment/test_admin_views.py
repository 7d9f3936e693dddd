"""Instructors in the Wagtail admin: two-step import, quiz questions, grading an essay by its
rubric, overriding a mark with a reason, and the analysis page; trainees and other instructors
reach none of it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from certification.assessment.attempts.models import Attempt, MarkChange
from certification.assessment.attempts.services import answer_save, attempt_start, attempt_submit
from certification.assessment.bank.models import Question, QuestionCategory
from lms.people.roles import Role
from tests.certification.assessment.test_formats_import import GIFT_BROKEN
from tests.certification.factories import bank, quiz_with, right_answer
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db


def admin_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def instructor():
    return UserFactory(role=Role.INSTRUCTOR)


@pytest.fixture
def graded_essay(instructor):
    questions = bank(kinds=["essay", "single"])
    quiz, trainee = quiz_with(questions.values())
    course = quiz.activity.module.course
    course.instructors.add(instructor)
    course.save()  # a page's many-to-many is kept when the page is saved
    attempt = attempt_start(user=trainee, quiz=quiz)
    for held in attempt.questions.select_related("version"):
        answer_save(
            attempt_id=attempt.pk,
            user=trainee,
            position=held.position,
            fields=right_answer(held.version.kind),
            sequence=1,
        )
    return quiz, attempt_submit(attempt_id=attempt.pk, user=trainee)


def test_import_is_checked_then_confirmed(instructor):
    client = admin_client(instructor)
    url = reverse("assessment_admin:import")
    checked = client.post(
        url, {"file": SimpleUploadedFile("broken.gift", GIFT_BROKEN.encode()), "new_category": "مستورد"}
    )
    assert checked.status_code == 200
    page = checked.content.decode()
    assert "import-report" in page and "import-confirm" in page
    assert not Question.objects.exists()
    token = checked.context["token"]
    done = client.post(url, {"token": token, "category": "", "new_category": "مستورد"})
    assert done.status_code == 302
    assert QuestionCategory.objects.get(name="مستورد").questions.count() == 1
    assert client.post(url, {"token": token, "category": "", "new_category": "x"}).status_code == 302
    assert Question.objects.count() == 1  # a used token imports nothing twice


def test_essay_graded_by_rubric_then_overridden_with_reason(graded_essay, instructor):
    quiz, attempt = graded_essay
    client = admin_client(instructor)
    assert "grading-queue" in client.get(reverse("assessment_admin:grading")).content.decode()
    essay = attempt.questions.get(needs_manual=True)
    url = reverse("assessment_admin:attempt", args=[attempt.pk])
    assert (
        client.post(
            url, {"answer": essay.pk, "points-0": "2", "points-1": "1.5", "comment": "جيد"}
        ).status_code
        == 302
    )
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.GRADED
    assert attempt.score == 85  # (1 + 3.5/5) / 2
    refused = client.post(url, {"answer": essay.pk, "percent": "100", "reason": ""})
    assert refused.status_code == 302
    assert MarkChange.objects.filter(kind="override").count() == 0
    client.post(url, {"answer": essay.pk, "percent": "100", "reason": "إعادة تقييم بعد الاعتراض"})
    change = MarkChange.objects.get(kind="override")
    assert change.by == instructor and change.reason == "إعادة تقييم بعد الاعتراض"
    attempt.refresh_from_db()
    assert attempt.score == 100
    assert client.get(reverse("assessment_admin:analysis", args=[quiz.pk])).status_code == 200


def test_quiz_pages_for_the_instructor(graded_essay, instructor):
    quiz, _attempt = graded_essay
    client = admin_client(instructor)
    for name in ("quiz_settings", "quiz_questions", "analysis"):
        assert client.get(reverse(f"assessment_admin:{name}", args=[quiz.pk])).status_code == 200
    assert client.get(reverse("assessment_admin:quizzes")).status_code == 200
    assert client.get(reverse("assessment_admin:bank")).status_code == 200


def test_trainees_and_other_instructors_reach_nothing(graded_essay):
    quiz, attempt = graded_essay
    trainee = admin_client(attempt.user)
    assert trainee.get(reverse("assessment_admin:bank")).status_code in (302, 403)
    stranger = admin_client(UserFactory(role=Role.INSTRUCTOR))
    assert stranger.get(reverse("assessment_admin:analysis", args=[quiz.pk])).status_code == 404
    assert stranger.get(reverse("assessment_admin:attempt", args=[attempt.pk])).status_code == 404
