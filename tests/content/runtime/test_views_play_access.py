"""Who may open a lesson: trainees enrolled in its course, once its release conditions hold."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_enrolled_trainee_opens_the_lesson(scorm12_setup):
    trainee, activity, _ = scorm12_setup
    assert _client(trainee).get(f"/play/activity/{activity.pk}/").status_code == 200


def test_someone_not_enrolled_is_refused_with_the_reason_and_no_attempt(scorm12_setup):
    from content.runtime.models import Attempt

    _, activity, _ = scorm12_setup
    response = _client(UserFactory()).get(f"/play/activity/{activity.pk}/")
    assert response.status_code == 403
    assert 'role="alert"' in response.content.decode()
    assert not Attempt.objects.exists()


def test_a_lesson_not_yet_released_is_refused(scorm12_setup):
    trainee, activity, _ = scorm12_setup
    activity.released_from = timezone.now() + datetime.timedelta(days=1)
    activity.save()
    assert _client(trainee).get(f"/play/activity/{activity.pk}/").status_code == 403
