"""Completion rules over activity results and attendance; signals sent exactly once."""

from decimal import Decimal

import pytest
from django.utils import timezone

from courses import api
from courses.enrolment import services as enrolment_services
from courses.errors import CoursesError
from courses.models import AttendanceRecord, Enrolment, ProgrammeCompletion
from tests.courses.factories import (
    ActivityFactory,
    CohortFactory,
    CourseModuleFactory,
    SessionFactory,
    course_page,
    programme_page,
)
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db
State = Enrolment.State


@pytest.fixture
def sent():
    """Every course_completed and programme_completed signal sent during the test."""
    received = []

    def on_course(sender, **kwargs):
        received.append(("course", kwargs["enrolment_id"]))

    def on_programme(sender, **kwargs):
        received.append(("programme", kwargs["programme_id"]))

    api.course_completed.connect(on_course, weak=False)
    api.programme_completed.connect(on_programme, weak=False)
    yield received
    api.course_completed.disconnect(on_course)
    api.programme_completed.disconnect(on_programme)


def _enrolled(course, **cohort_fields):
    cohort = CohortFactory(course=course, starts_on=timezone.localdate(), **cohort_fields)
    return enrolment_services.enrolment_request(user=UserFactory(), cohort=cohort)


def test_all_required_activities_complete_the_course(sent):
    course = course_page()
    module = CourseModuleFactory(course=course)
    first, second = ActivityFactory(module=module), ActivityFactory(module=module)
    ActivityFactory(module=module, required=False)
    enrolment = _enrolled(course)
    api.activity_result_record(user_id=enrolment.user_id, activity_id=first.pk, completed=True)
    enrolment.refresh_from_db()
    assert enrolment.state == State.ACTIVE
    api.activity_result_record(user_id=enrolment.user_id, activity_id=second.pk, completed=True)
    enrolment.refresh_from_db()
    assert enrolment.state == State.COMPLETED
    assert sent == [("course", enrolment.pk)]


def test_a_minimum_average_score_is_required(sent):
    course = course_page(completion_minimum_score=Decimal("70"))
    module = CourseModuleFactory(course=course)
    quiz_1, quiz_2 = ActivityFactory(module=module), ActivityFactory(module=module)
    enrolment = _enrolled(course)
    api.activity_result_record(user_id=enrolment.user_id, activity_id=quiz_1.pk, score=90, completed=True)
    api.activity_result_record(user_id=enrolment.user_id, activity_id=quiz_2.pk, score=40, completed=True)
    enrolment.refresh_from_db()
    assert enrolment.state == State.ACTIVE
    api.activity_result_record(user_id=enrolment.user_id, activity_id=quiz_2.pk, score=60, completed=True)
    enrolment.refresh_from_db()
    assert enrolment.state == State.COMPLETED
    assert sent == [("course", enrolment.pk)]


def test_results_only_improve():
    course = course_page()
    quiz = ActivityFactory(module=CourseModuleFactory(course=course))
    ActivityFactory(module=quiz.module)
    enrolment = _enrolled(course)
    api.activity_result_record(user_id=enrolment.user_id, activity_id=quiz.pk, score=80, passed=True)
    result = api.activity_result_record(
        user_id=enrolment.user_id, activity_id=quiz.pk, score=50, passed=False
    )
    assert (result.score, result.passed) == (Decimal("80.00"), True)


def test_minimum_attendance_counts_sessions_held(sent):
    course = course_page(completion_requires_all_activities=False, completion_minimum_attendance=75)
    enrolment = _enrolled(course)
    sessions = [SessionFactory(cohort=enrolment.cohort) for _ in range(4)]
    for session in sessions[:2]:
        AttendanceRecord.objects.create(
            session=session, enrolment=enrolment, status=AttendanceRecord.Status.PRESENT
        )
    AttendanceRecord.objects.create(
        session=sessions[2], enrolment=enrolment, status=AttendanceRecord.Status.ABSENT
    )
    from courses.learning.completion import completion_evaluate

    assert not completion_evaluate(enrolment_id=enrolment.pk)
    AttendanceRecord.objects.create(
        session=sessions[3], enrolment=enrolment, status=AttendanceRecord.Status.LATE
    )
    assert completion_evaluate(enrolment_id=enrolment.pk)
    assert sent == [("course", enrolment.pk)]


def test_a_result_arriving_twice_sends_the_signal_once(sent):
    course = course_page()
    activity = ActivityFactory(module=CourseModuleFactory(course=course))
    enrolment = _enrolled(course)
    for _ in range(3):
        api.activity_result_record(
            user_id=enrolment.user_id, activity_id=activity.pk, completed=True, score=100
        )
    assert sent == [("course", enrolment.pk)]


def test_completing_every_course_of_a_programme_completes_it_once(sent):
    courses = [course_page(title=f"دورة {n}") for n in range(3)]
    programme = programme_page(courses)
    user = UserFactory()
    for course in courses:
        activity = ActivityFactory(module=CourseModuleFactory(course=course))
        cohort = CohortFactory(course=course, starts_on=timezone.localdate())
        enrolment_services.enrolment_request(user=user, cohort=cohort)
        api.activity_result_record(user_id=user.pk, activity_id=activity.pk, completed=True)
        api.activity_result_record(user_id=user.pk, activity_id=activity.pk, completed=True)
    assert [kind for kind, _ in sent] == ["course", "course", "course", "programme"]
    assert ProgrammeCompletion.objects.filter(user=user, programme=programme).count() == 1


def test_a_person_not_enrolled_cannot_record_a_result():
    activity = ActivityFactory()
    with pytest.raises(CoursesError):
        api.activity_result_record(user_id=UserFactory().pk, activity_id=activity.pk, completed=True)


def test_a_score_out_of_range_changes_nothing():
    course = course_page()
    activity = ActivityFactory(module=CourseModuleFactory(course=course))
    enrolment = _enrolled(course)
    with pytest.raises(CoursesError):
        api.activity_result_record(user_id=enrolment.user_id, activity_id=activity.pk, score=130)
    assert not enrolment.results.exists()


def test_enrolment_for_through_the_api():
    course = course_page()
    enrolment = _enrolled(course)
    data = api.enrolment_for(user_id=enrolment.user_id, course_id=course.pk)
    assert (data.id, data.state) == (enrolment.pk, State.ACTIVE)
    assert api.enrolment_for(user_id=UserFactory().pk, course_id=course.pk) is None


def test_release_conditions_hold_an_activity_back_until_met():
    import datetime

    course = course_page()
    module = CourseModuleFactory(course=course)
    first = ActivityFactory(module=module)
    second = ActivityFactory(module=module, released_after=first)
    later = ActivityFactory(module=module, released_from=timezone.now() + datetime.timedelta(days=2))
    enrolment = _enrolled(course)
    user_id = enrolment.user_id
    assert api.activity_locked_reason(user_id=user_id, activity_id=first.pk) is None
    assert first.title in api.activity_locked_reason(user_id=user_id, activity_id=second.pk)
    assert api.activity_locked_reason(user_id=user_id, activity_id=later.pk)
    api.activity_result_record(user_id=user_id, activity_id=first.pk, completed=True)
    assert api.activity_locked_reason(user_id=user_id, activity_id=second.pk) is None
    assert api.activity_locked_reason(user_id=UserFactory().pk, activity_id=first.pk)
