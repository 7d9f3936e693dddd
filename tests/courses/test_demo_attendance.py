"""The attendance demo: nothing without cohorts; sessions and registers for in-person cohorts, once."""

import datetime

import pytest
from django.utils import timezone

from courses.attendance import demo as demo_attendance
from courses.enrolment.services import enrolment_request
from courses.models import AttendanceRecord, Session
from tests.courses.factories import CohortFactory
from tests.lms.factories import TrainingHubFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_without_cohorts_the_demo_creates_nothing():
    assert demo_attendance.load() == []
    assert not Session.objects.exists()


def test_in_person_cohorts_get_sessions_and_registers_once():
    today = timezone.localdate()
    running = CohortFactory(
        hub=TrainingHubFactory(),
        starts_on=today - datetime.timedelta(days=6),
        ends_on=today + datetime.timedelta(days=2),
    )
    online = CohortFactory(starts_on=today - datetime.timedelta(days=6))
    for _ in range(5):
        enrolment_request(user=UserFactory(), cohort=running)
    instructor = UserFactory(email=demo_attendance.DEMO_INSTRUCTOR)

    assert demo_attendance.load()

    sessions = list(running.sessions.all())
    assert len(sessions) == 4
    assert not online.sessions.exists()
    assert [s for s in sessions if timezone.localtime(s.starts_at).date() == today]
    held = [
        s
        for s in sessions
        if s.starts_at < timezone.now() and timezone.localtime(s.starts_at).date() != today
    ]
    assert held
    assert AttendanceRecord.objects.count() == 5 * len(held)
    assert set(running.instructors.all()) == {instructor}
    assert demo_attendance.load() == []
    assert Session.objects.count() == 4
