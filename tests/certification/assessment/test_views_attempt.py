"""Taking a quiz through the pages; acceptance 3: answers after the time limit, for another
person's attempt or for a closed quiz are refused with a clear message, and nothing changes."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from certification.assessment.attempts.models import Attempt, AttemptQuestion
from certification.assessment.attempts.services import attempt_start
from content.lrs.models import Statement
from tests.certification.factories import bank, enrol, quiz_with
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="ar")
    client.force_login(user)
    return client


@pytest.fixture
def taking():
    quiz, trainee = quiz_with(bank(kinds=["single", "true_false", "short"]).values(), time_limit_minutes=20)
    attempt = attempt_start(user=trainee, quiz=quiz)
    return quiz, trainee, attempt


def snapshot(attempt):
    return (
        list(AttemptQuestion.objects.filter(attempt=attempt).values_list("response", "sequence")),
        Attempt.objects.get(pk=attempt.pk).state,
        Statement.objects.count(),
    )


def post_answer(client, attempt, *, position=1, value="a", sequence=1):
    return client.post(
        reverse("assessment:answer", args=[attempt.pk]),
        {"position": position, "sequence": sequence, f"q{position}": value},
    )


def test_trainee_answers_and_the_answer_is_kept(taking):
    _quiz, trainee, attempt = taking
    response = post_answer(client_for(trainee), attempt)
    assert response.status_code == 200
    assert attempt.questions.get(position=1).response == {"": ["a"]}


def test_answer_after_the_time_limit_is_refused_and_changes_nothing(taking):
    quiz, trainee, attempt = taking
    quiz.overdue = quiz.Overdue.GRACE
    quiz.grace_minutes = 10
    quiz.save()
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - datetime.timedelta(seconds=5))
    before = snapshot(attempt)
    response = post_answer(client_for(trainee), attempt)
    assert response.status_code == 409
    with override("ar"):
        assert response.json()["error"] == "انتهى وقت هذه المحاولة؛ لم تُحفظ الإجابة."
    assert snapshot(attempt) == before


def test_answer_to_another_persons_attempt_is_refused_and_changes_nothing(taking):
    quiz, _trainee, attempt = taking
    other = enrol(quiz, UserFactory())
    before = snapshot(attempt)
    response = post_answer(client_for(other), attempt)
    assert response.status_code == 403
    assert response.json()["code"] == "not_yours"
    assert "ليست" in response.json()["error"]
    page = client_for(other).get(reverse("assessment:attempt", args=[attempt.pk]))
    assert page.status_code == 403
    assert snapshot(attempt) == before


def test_answer_on_a_closed_quiz_is_refused_and_changes_nothing(taking):
    quiz, trainee, attempt = taking
    quiz.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    quiz.overdue = quiz.Overdue.GRACE
    quiz.grace_minutes = 60
    quiz.save()
    before = snapshot(attempt)
    response = post_answer(client_for(trainee), attempt)
    assert response.status_code == 409
    assert response.json()["code"] == "quiz_closed"
    assert response.json()["error"] == "هذا الاختبار مغلق."
    assert snapshot(attempt) == before
    start = client_for(enrol(quiz)).post(reverse("assessment:quiz", args=[quiz.activity_id]))
    assert start.status_code == 409
    assert "هذا الاختبار مغلق." in start.content.decode()


def test_a_second_browser_cannot_submit_the_same_attempt_again(taking):
    _quiz, trainee, attempt = taking
    first, second = client_for(trainee), client_for(trainee)
    assert first.post(reverse("assessment:summary", args=[attempt.pk])).status_code == 302
    before = snapshot(attempt)
    again = second.post(reverse("assessment:summary", args=[attempt.pk]))
    assert again.status_code == 409
    assert "سبق" in again.content.decode() or "already" in again.content.decode()
    assert snapshot(attempt) == before
    assert Attempt.objects.get(pk=attempt.pk).transitions.filter(to_state="submitted").count() == 1


def test_pages_of_the_attempt_render_in_arabic(taking):
    quiz, trainee, attempt = taking
    client = client_for(trainee)
    home = client.get(reverse("assessment:quiz", args=[quiz.activity_id]))
    assert home.status_code == 200
    page = client.get(reverse("assessment:attempt", args=[attempt.pk]) + "?page=2")
    assert page.status_code == 200
    assert 'dir="rtl"' in page.content.decode()
    assert client.get(reverse("assessment:summary", args=[attempt.pk])).status_code == 200


def test_the_page_form_without_script_keeps_answers(taking):
    _quiz, trainee, attempt = taking
    client = client_for(trainee)
    response = client.post(
        reverse("assessment:attempt", args=[attempt.pk]) + "?page=1", {"q1": "a", "goto": "2"}
    )
    assert response.status_code == 302
    assert attempt.questions.get(position=1).response == {"": ["a"]}
