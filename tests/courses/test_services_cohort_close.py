"""Closing ended cohorts and the nightly task that starts and closes cohorts."""

import datetime

import pytest
from django.utils import timezone

from courses.attendance import services as attendance
from courses.enrolment.closing import cohort_close, cohorts_due_to_close
from courses.enrolment.services import enrolment_request
from courses.learning.completion import activity_result_record
from courses.models import Activity, AttendanceRecord, Enrolment
from courses.tasks import cohorts_daily
from tests.courses.factories import ActivityFactory, CohortFactory, CourseModuleFactory, course_page
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db
State = Enrolment.State


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def cohort_with_one_quiz(*, ended_days_ago: int):
    course = course_page()
    quiz = ActivityFactory(module=CourseModuleFactory(course=course), kind=Activity.Kind.QUIZ)
    cohort = CohortFactory(
        course=course, starts_on=days_ago(ended_days_ago + 5), ends_on=days_ago(ended_days_ago)
    )
    return cohort, quiz


def seat(cohort) -> Enrolment:
    enrolment = enrolment_request(user=UserFactory(), cohort=cohort)
    assert enrolment.state == State.ACTIVE
    return enrolment


def test_closing_fails_the_trainees_short_of_the_rules_and_says_why():
    cohort, quiz = cohort_with_one_quiz(ended_days_ago=20)
    done, short = seat(cohort), seat(cohort)
    activity_result_record(user_id=done.user_id, activity_id=quiz.pk, completed=True)

    result = cohort_close(cohort=cohort)

    done.refresh_from_db()
    short.refresh_from_db()
    assert done.state == State.COMPLETED
    assert short.state == State.FAILED
    assert quiz.title in short.transitions.last().reason
    assert (result.completed, result.failed) == (0, 1)  # ``done`` completed when its result arrived


def test_a_trainee_whose_rules_hold_at_closing_is_completed():
    course = course_page(completion_requires_all_activities=False, completion_minimum_attendance=50)
    cohort = CohortFactory(course=course, starts_on=days_ago(25), ends_on=days_ago(20))
    enrolment = seat(cohort)
    # Attendance recorded in bulk elsewhere (no re-evaluation yet): the close evaluates it.
    session = cohort.sessions.create(
        title="الجلسة",
        starts_at=timezone.now() - datetime.timedelta(days=24),
        ends_at=timezone.now() - datetime.timedelta(days=24, hours=-3),
    )
    AttendanceRecord.objects.create(
        session=session, enrolment=enrolment, status=AttendanceRecord.Status.PRESENT
    )
    assert cohort_close(cohort=cohort).completed == 1
    enrolment.refresh_from_db()
    assert enrolment.state == State.COMPLETED


def test_closing_twice_changes_nothing_more():
    cohort, _ = cohort_with_one_quiz(ended_days_ago=20)
    enrolment = seat(cohort)
    cohort_close(cohort=cohort)
    transitions = enrolment.transitions.count()
    assert (cohort_close(cohort=cohort).completed, cohort_close(cohort=cohort).failed) == (0, 0)
    assert enrolment.transitions.count() == transitions


def test_a_failed_trainee_can_still_complete_later():
    cohort, quiz = cohort_with_one_quiz(ended_days_ago=20)
    enrolment = seat(cohort)
    cohort_close(cohort=cohort)
    activity_result_record(user_id=enrolment.user_id, activity_id=quiz.pk, completed=True)
    enrolment.refresh_from_db()
    assert enrolment.state == State.COMPLETED


def test_trainees_keep_the_grace_period_after_the_last_day(settings):
    settings.COURSES_FAIL_AFTER_DAYS = 14
    recent, _ = cohort_with_one_quiz(ended_days_ago=10)
    old, _ = cohort_with_one_quiz(ended_days_ago=15)
    seat(recent), seat(old)
    assert list(cohorts_due_to_close()) == [old]
    settings.COURSES_FAIL_AFTER_DAYS = 7
    assert set(cohorts_due_to_close()) == {old, recent}


def test_the_nightly_task_starts_cohorts_and_closes_old_ones():
    starting = CohortFactory(starts_on=timezone.localdate() + datetime.timedelta(days=1))
    waiting = enrolment_request(user=UserFactory(), cohort=starting)
    assert waiting.state == State.APPROVED
    type(starting).objects.filter(pk=starting.pk).update(starts_on=timezone.localdate())
    old, _ = cohort_with_one_quiz(ended_days_ago=30)
    short = seat(old)
    not_started = CohortFactory(starts_on=timezone.localdate() + datetime.timedelta(days=3))
    later = enrolment_request(user=UserFactory(), cohort=not_started)

    assert cohorts_daily() == {"started": 1, "completed": 0, "failed": 1}

    waiting.refresh_from_db()
    short.refresh_from_db()
    later.refresh_from_db()
    assert (waiting.state, short.state, later.state) == (State.ACTIVE, State.FAILED, State.APPROVED)
    assert cohorts_daily() == {"started": 0, "completed": 0, "failed": 0}


def test_attendance_at_closing_counts(settings):
    course = course_page()
    session_activity = ActivityFactory(module=CourseModuleFactory(course=course), kind=Activity.Kind.SESSION)
    cohort = CohortFactory(course=course, starts_on=days_ago(3), ends_on=days_ago(1))
    session = cohort.sessions.create(
        title="ورشة التخطيط",
        activity=session_activity,
        starts_at=timezone.now() - datetime.timedelta(days=2),
        ends_at=timezone.now() - datetime.timedelta(days=2, hours=-3),
    )
    present, absent = seat(cohort), seat(cohort)
    attendance.attendance_register_save(
        session=session,
        marks={present.pk: AttendanceRecord.Status.PRESENT, absent.pk: AttendanceRecord.Status.ABSENT},
        by=None,
    )
    settings.COURSES_FAIL_AFTER_DAYS = 0
    cohorts_daily()
    present.refresh_from_db()
    absent.refresh_from_db()
    assert (present.state, absent.state) == (State.COMPLETED, State.FAILED)
