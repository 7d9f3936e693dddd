"""courses.api's bulk readers for reports: an enrolment's cohort facts, mean score, attendance."""

import pytest

from courses import api
from courses.enrolment import services
from courses.models import AttendanceRecord
from tests.courses.factories import ActivityFactory, CohortFactory, CourseModuleFactory, SessionFactory
from tests.lms.factories import TrainingHubFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_enrolment_facts_carry_cohort_score_and_attendance():
    hub = TrainingHubFactory(capacity=12)
    cohort = CohortFactory(hub=hub, capacity=12)
    trainer, second = UserFactory(), UserFactory()
    cohort.instructors.add(trainer)
    cohort.instructors.add(second)
    person = UserFactory()
    enrolment = services.enrolment_invite(user=person, cohort=cohort, by=None)
    module = CourseModuleFactory(course=cohort.course)
    for score in (60, 90):
        activity = ActivityFactory(module=module)
        api.activity_result_record(user_id=person.pk, activity_id=activity.pk, score=score)
    held = [SessionFactory(cohort=cohort) for _ in range(2)]
    AttendanceRecord.objects.create(session=held[0], enrolment=enrolment, status="present")
    (facts,) = list(api.enrolment_facts(enrolment_ids=[enrolment.pk]))
    assert facts.score == 75
    assert (facts.sessions_attended, facts.cohort.sessions_held) == (1, 2)
    assert (facts.cohort.trainer_id, facts.cohort.hub_id, facts.cohort.capacity) == (trainer.pk, hub.pk, 12)
    assert api.cohort_names(cohort_ids=[cohort.pk]) == {cohort.pk: cohort.title}
