"""``course_completed`` is sent exactly once per enrolment when results arrive concurrently (PostgreSQL)."""

import pytest
from django.db import connection
from django.utils import timezone

from courses import api
from courses.enrolment.services import enrolment_request
from courses.models import Enrolment
from tests.courses.factories import ActivityFactory, CohortFactory, CourseModuleFactory, course_page
from tests.integration.concurrency import concurrently
from tests.lms.factories import UserFactory

# serialized_rollback: a transactional test flushes the tables, and the data migrations
# (site, home page, governorates) must come back for the next test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def completions():
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs["enrolment_id"])

    api.course_completed.connect(receiver, weak=False)
    yield received
    api.course_completed.disconnect(receiver)


def _enrolled_in(course):
    cohort = CohortFactory(course=course, starts_on=timezone.localdate())
    return enrolment_request(user=UserFactory(), cohort=cohort)


def test_the_same_completing_result_arriving_many_times_at_once(completions):
    assert connection.vendor == "postgresql"
    course = course_page()
    activity = ActivityFactory(module=CourseModuleFactory(course=course))
    enrolment = _enrolled_in(course)

    def record():
        api.activity_result_record(
            user_id=enrolment.user_id, activity_id=activity.pk, completed=True, score=90
        )

    assert concurrently(*[record] * 6) == []
    enrolment.refresh_from_db()
    assert enrolment.state == Enrolment.State.COMPLETED
    assert completions == [enrolment.pk]
    assert enrolment.transitions.filter(to_state=Enrolment.State.COMPLETED).count() == 1


def test_two_halves_of_a_course_completed_at_the_same_moment(completions):
    course = course_page()
    module = CourseModuleFactory(course=course)
    first, second = ActivityFactory(module=module), ActivityFactory(module=module)
    enrolment = _enrolled_in(course)

    def complete(activity):
        return lambda: api.activity_result_record(
            user_id=enrolment.user_id, activity_id=activity.pk, completed=True
        )

    assert concurrently(complete(first), complete(second)) == []
    enrolment.refresh_from_db()
    assert enrolment.state == Enrolment.State.COMPLETED
    assert completions == [enrolment.pk]
