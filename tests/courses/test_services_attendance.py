"""Attendance: the instructor's register and self check-in with the rotating QR code."""

import datetime

import pytest
from django.utils import timezone

from courses.attendance import services as attendance
from courses.enrolment.services import enrolment_request
from courses.errors import CoursesError
from courses.models import Activity, AttendanceRecord, Cohort, Enrolment
from lms.people.roles import Role
from tests.courses.factories import (
    ActivityFactory,
    CohortFactory,
    CourseModuleFactory,
    SessionFactory,
    course_page,
)
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db
Status = AttendanceRecord.Status
State = Enrolment.State


def running_cohort(**fields) -> Cohort:
    fields.setdefault("starts_on", timezone.localdate() - datetime.timedelta(days=1))
    return CohortFactory(**fields)


def session_now(cohort: Cohort, *, started_minutes_ago: int = 5, **fields):
    starts_at = timezone.now() - datetime.timedelta(minutes=started_minutes_ago)
    return SessionFactory(
        cohort=cohort, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=3), **fields
    )


def enrolled(cohort: Cohort) -> Enrolment:
    return enrolment_request(user=UserFactory(), cohort=cohort)


# --- The register ---------------------------------------------------------------------------


def test_the_register_records_and_corrects_a_trainees_attendance():
    cohort = running_cohort()
    session = session_now(cohort)
    enrolment = enrolled(cohort)
    instructor = UserFactory(role=Role.INSTRUCTOR)

    record = attendance.attendance_record(
        session=session, enrolment=enrolment, status=Status.ABSENT, by=instructor
    )
    assert (record.status, record.method, record.recorded_by) == (Status.ABSENT, "register", instructor)

    attendance.attendance_record(session=session, enrolment=enrolment, status=Status.EXCUSED, by=instructor)
    assert AttendanceRecord.objects.get(session=session, enrolment=enrolment).status == Status.EXCUSED
    assert AttendanceRecord.objects.count() == 1


def test_the_register_refuses_a_trainee_of_another_cohort_and_an_unknown_status():
    session = session_now(running_cohort())
    stranger = enrolled(running_cohort())
    with pytest.raises(CoursesError) as refused:
        attendance.attendance_record(session=session, enrolment=stranger, status=Status.PRESENT, by=None)
    assert refused.value.code == "not_in_cohort"
    mine = enrolled(session.cohort)
    with pytest.raises(CoursesError) as refused:
        attendance.attendance_record(session=session, enrolment=mine, status="asleep", by=None)
    assert refused.value.code == "unknown_status"
    assert not AttendanceRecord.objects.exists()


def test_a_whole_register_is_saved_at_once_or_not_at_all():
    cohort = running_cohort()
    session = session_now(cohort)
    first, second = enrolled(cohort), enrolled(cohort)
    stranger = enrolled(running_cohort())
    with pytest.raises(CoursesError):
        attendance.attendance_register_save(
            session=session, marks={first.pk: Status.PRESENT, stranger.pk: Status.PRESENT}, by=None
        )
    assert not AttendanceRecord.objects.exists()
    saved = attendance.attendance_register_save(
        session=session, marks={first.pk: Status.PRESENT, second.pk: Status.LATE}, by=None
    )
    assert saved == 2
    assert dict(session.attendance.values_list("enrolment_id", "status")) == {
        first.pk: Status.PRESENT,
        second.pk: Status.LATE,
    }


# --- Completion -----------------------------------------------------------------------------


def test_attending_completes_the_sessions_activity_and_the_course():
    course = course_page()
    module = CourseModuleFactory(course=course)
    activity = ActivityFactory(module=module, kind=Activity.Kind.SESSION)
    cohort = running_cohort(course=course)
    session = session_now(cohort, activity=activity)
    enrolment = enrolled(cohort)
    assert enrolment.state == State.ACTIVE

    attendance.attendance_record(session=session, enrolment=enrolment, status=Status.PRESENT, by=None)

    result = enrolment.results.get(activity=activity)
    assert result.completed
    enrolment.refresh_from_db()
    assert enrolment.state == State.COMPLETED


def test_an_absence_does_not_complete_the_activity():
    course = course_page()
    activity = ActivityFactory(module=CourseModuleFactory(course=course), kind=Activity.Kind.SESSION)
    cohort = running_cohort(course=course)
    session = session_now(cohort, activity=activity)
    enrolment = enrolled(cohort)
    attendance.attendance_record(session=session, enrolment=enrolment, status=Status.ABSENT, by=None)
    assert not enrolment.results.filter(completed=True).exists()
    enrolment.refresh_from_db()
    assert enrolment.state == State.ACTIVE


def test_attendance_counts_toward_the_minimum_attendance_rule():
    course = course_page(completion_minimum_attendance=50)
    cohort = running_cohort(course=course)
    first = session_now(cohort, started_minutes_ago=60 * 24)
    session_now(cohort)
    enrolment = enrolled(cohort)
    attendance.attendance_record(session=first, enrolment=enrolment, status=Status.LATE, by=None)
    enrolment.refresh_from_db()
    assert enrolment.state == State.COMPLETED


# --- QR check-in ----------------------------------------------------------------------------


def test_the_current_code_checks_a_trainee_in_present():
    cohort = running_cohort()
    session = session_now(cohort)
    enrolment = enrolled(cohort)
    token = attendance.check_in_token(session_id=session.pk)
    record = attendance.attendance_check_in(session=session, user=enrolment.user, token=token)
    assert (record.status, record.method) == (Status.PRESENT, "qr")


def test_the_previous_windows_code_is_still_accepted_an_older_one_is_not():
    cohort = running_cohort()
    session = session_now(cohort)
    enrolment = enrolled(cohort)
    now = timezone.now()
    older = attendance.check_in_token(session_id=session.pk, at=now - datetime.timedelta(seconds=60))
    with pytest.raises(CoursesError) as refused:
        attendance.attendance_check_in(session=session, user=enrolment.user, token=older, at=now)
    assert refused.value.code == "token_invalid"
    previous = attendance.check_in_token(session_id=session.pk, at=now - datetime.timedelta(seconds=30))
    record = attendance.attendance_check_in(session=session, user=enrolment.user, token=previous, at=now)
    assert record.status == Status.PRESENT


def test_the_code_changes_every_thirty_seconds_and_belongs_to_one_session():
    cohort = running_cohort()
    one, other = session_now(cohort), session_now(cohort)
    at = timezone.now()
    codes = {
        attendance.check_in_token(session_id=one.pk, at=at + datetime.timedelta(seconds=30 * n))
        for n in range(4)
    }
    assert len(codes) == 4
    assert attendance.check_in_token(session_id=one.pk, at=at) != attendance.check_in_token(
        session_id=other.pk, at=at
    )


def test_a_forged_code_or_another_sessions_code_is_refused():
    cohort = running_cohort()
    session, other = session_now(cohort), session_now(cohort)
    enrolment = enrolled(cohort)
    for token in ("0" * 24, "", attendance.check_in_token(session_id=other.pk), "../../admin"):
        with pytest.raises(CoursesError) as refused:
            attendance.attendance_check_in(session=session, user=enrolment.user, token=token)
        assert refused.value.code == "token_invalid"
    assert not AttendanceRecord.objects.exists()


@pytest.mark.parametrize(
    ("minutes_from_start", "accepted"),
    [(-31, False), (-29, True), (179, True), (181, False)],
)
def test_check_in_is_open_from_half_an_hour_before_the_start_until_the_end(minutes_from_start, accepted):
    cohort = running_cohort()
    session = session_now(cohort)  # three hours long
    enrolment = enrolled(cohort)
    at = session.starts_at + datetime.timedelta(minutes=minutes_from_start)
    token = attendance.check_in_token(session_id=session.pk, at=at)
    if accepted:
        assert attendance.attendance_check_in(session=session, user=enrolment.user, token=token, at=at)
    else:
        with pytest.raises(CoursesError) as refused:
            attendance.attendance_check_in(session=session, user=enrolment.user, token=token, at=at)
        assert refused.value.code == "outside_session_time"


def test_a_trainee_more_than_fifteen_minutes_late_is_recorded_late():
    cohort = running_cohort()
    session = session_now(cohort)
    enrolment = enrolled(cohort)
    at = session.starts_at + datetime.timedelta(minutes=16)
    token = attendance.check_in_token(session_id=session.pk, at=at)
    record = attendance.attendance_check_in(session=session, user=enrolment.user, token=token, at=at)
    assert record.status == Status.LATE


@pytest.mark.parametrize("state", ["not enrolled", "requested", "withdrawn"])
def test_only_a_trainee_with_a_seat_in_the_cohort_can_check_in(state):
    cohort = running_cohort(enrolment_mode=Cohort.EnrolmentMode.APPROVAL)
    session = session_now(cohort)
    user = UserFactory()
    if state != "not enrolled":
        enrolment = enrolment_request(user=user, cohort=cohort)
        if state == "withdrawn":
            Enrolment.objects.filter(pk=enrolment.pk).update(state=State.WITHDRAWN)
    token = attendance.check_in_token(session_id=session.pk)
    with pytest.raises(CoursesError) as refused:
        attendance.attendance_check_in(session=session, user=user, token=token)
    assert refused.value.code == "not_enrolled"
    assert not AttendanceRecord.objects.exists()


def test_checking_in_twice_keeps_the_first_check_in():
    cohort = running_cohort()
    session = session_now(cohort)
    enrolment = enrolled(cohort)
    first_at = session.starts_at + datetime.timedelta(minutes=2)
    again_at = session.starts_at + datetime.timedelta(minutes=40)
    first = attendance.attendance_check_in(
        session=session,
        user=enrolment.user,
        token=attendance.check_in_token(session_id=session.pk, at=first_at),
        at=first_at,
    )
    again = attendance.attendance_check_in(
        session=session,
        user=enrolment.user,
        token=attendance.check_in_token(session_id=session.pk, at=again_at),
        at=again_at,
    )
    assert again.pk == first.pk
    assert (again.status, again.recorded_at) == (Status.PRESENT, first_at)
    assert AttendanceRecord.objects.count() == 1


def test_a_check_in_turns_an_absence_marked_early_into_presence():
    cohort = running_cohort()
    session = session_now(cohort)
    enrolment = enrolled(cohort)
    attendance.attendance_record(session=session, enrolment=enrolment, status=Status.ABSENT, by=None)
    token = attendance.check_in_token(session_id=session.pk)
    record = attendance.attendance_check_in(session=session, user=enrolment.user, token=token)
    assert (record.status, record.method) == (Status.PRESENT, "qr")


def test_the_register_keeps_a_qr_check_in_when_it_records_the_same_status():
    cohort = running_cohort()
    session = session_now(cohort)
    enrolment = enrolled(cohort)
    token = attendance.check_in_token(session_id=session.pk)
    checked_in = attendance.attendance_check_in(session=session, user=enrolment.user, token=token)
    attendance.attendance_record(
        session=session, enrolment=enrolment, status=Status.PRESENT, by=UserFactory(role=Role.INSTRUCTOR)
    )
    record = AttendanceRecord.objects.get()
    assert (record.method, record.recorded_by, record.recorded_at) == (
        "qr",
        enrolment.user,
        checked_in.recorded_at,
    )


def test_an_approved_trainee_who_attends_becomes_active():
    cohort = CohortFactory(starts_on=timezone.localdate() + datetime.timedelta(days=1))
    session = session_now(cohort)
    enrolment = enrolled(cohort)
    assert enrolment.state == State.APPROVED
    attendance.attendance_record(session=session, enrolment=enrolment, status=Status.PRESENT, by=None)
    enrolment.refresh_from_db()
    assert enrolment.state == State.ACTIVE
