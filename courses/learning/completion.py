"""Activity results and course completion.

Higher apps (content, certification) report results through ``courses.api``; attendance reports
here too. After each result the course's completion rules are evaluated; when they hold, the
enrolment moves to completed with a conditional UPDATE, so that when results arrive twice or
concurrently exactly one transaction wins and ``course_completed`` is sent once.
"""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Avg
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.enrolment.services import State, _transition
from courses.errors import CoursesError
from courses.models import (
    Activity,
    ActivityResult,
    AttendanceRecord,
    Enrolment,
    EnrolmentTransition,
    ProgrammeCompletion,
    ProgrammeCourse,
    Session,
)
from courses.signals import course_completed, enrolment_changed_on_commit, programme_completed

# Enrolments in which results count.
LEARNING = (State.APPROVED, State.ACTIVE, State.FAILED, State.COMPLETED)


def current_enrolment(
    *, user_id: int, course_id: int, related: tuple[str, ...] = ("cohort",)
) -> Enrolment | None:
    """The enrolment in which a person learns a course now: the latest that holds a seat (with
    the ``related`` rows read in the same query)."""
    return (
        Enrolment.objects.filter(user_id=user_id, cohort__course_id=course_id, state__in=LEARNING)
        .select_related(*related)
        .order_by("-requested_at")
        .first()
    )


@transaction.atomic
def activity_result_record(
    *,
    user_id: int,
    activity_id: int,
    score: Decimal | float | None = None,
    completed: bool | None = None,
    passed: bool | None = None,
) -> ActivityResult:
    """Keep the best result of a person in an activity, then re-evaluate completion.

    Results only improve: the highest score, completed once completed, passed once passed.
    """
    activity = Activity.objects.select_related("module").get(pk=activity_id)
    enrolment = current_enrolment(user_id=user_id, course_id=activity.module.course_id)
    if enrolment is None:
        raise CoursesError(_("You are not enrolled in this course."), code="not_enrolled")
    # Results of one enrolment are recorded one at a time: two results that each complete half
    # of the course, recorded concurrently, would otherwise each miss the other's and neither
    # would complete it.
    enrolment = Enrolment.objects.select_for_update().select_related("cohort").get(pk=enrolment.pk)
    if enrolment.state == State.APPROVED:
        _transition(enrolment, State.ACTIVE, reason=_("The trainee started learning."))
    result = _result_row(enrolment=enrolment, activity=activity)
    if score is not None:
        score = Decimal(str(score)).quantize(Decimal("0.01"))
        if not Decimal(0) <= score <= Decimal(100):
            raise CoursesError(_("A score must be between 0 and 100."), code="score_out_of_range")
        result.score = score if result.score is None else max(result.score, score)
    result.completed = result.completed or bool(completed)
    if passed is not None:
        result.passed = bool(result.passed) or passed
    result.updated_at = timezone.now()
    result.save()
    completion_evaluate(enrolment_id=enrolment.pk)
    return result


def _result_row(*, enrolment: Enrolment, activity: Activity) -> ActivityResult:
    """The result row, locked; created on first use even when two requests race to create it."""
    try:
        with transaction.atomic():
            ActivityResult.objects.get_or_create(enrolment=enrolment, activity=activity)
    except IntegrityError:
        pass
    return ActivityResult.objects.select_for_update().get(enrolment=enrolment, activity=activity)


def completion_problems(*, enrolment: Enrolment) -> list[str]:
    """Which of the course's completion rules do not hold yet; empty when the course is complete."""
    course = enrolment.cohort.course
    problems = []
    results = ActivityResult.objects.filter(enrolment=enrolment)
    required = Activity.objects.filter(module__course=course, required=True)
    if course.completion_requires_all_activities:
        done = set(results.filter(completed=True).values_list("activity_id", flat=True))
        left = [a.title for a in required if a.pk not in done]
        if left:
            problems.append(_("Activities not completed: %(list)s.") % {"list": ", ".join(left)})
    if course.completion_minimum_score is not None:
        average = results.filter(score__isnull=False).aggregate(value=Avg("score"))["value"]
        if average is None or Decimal(average) < course.completion_minimum_score:
            problems.append(
                _("The average score must reach %(minimum)s%%.")
                % {"minimum": course.completion_minimum_score}
            )
    if course.completion_minimum_attendance is not None:
        percent = attendance_percent(enrolment=enrolment)
        if percent is None or percent < course.completion_minimum_attendance:
            problems.append(
                _("Attendance must reach %(minimum)s%%.") % {"minimum": course.completion_minimum_attendance}
            )
    if (
        not required.exists()
        and course.completion_minimum_score is None
        and course.completion_minimum_attendance is None
    ):
        problems.append(_("The course has no completion rule yet."))
    return problems


def attendance_percent(*, enrolment: Enrolment) -> int | None:
    """Share of the cohort's sessions held so far that the trainee attended; None before any."""
    held = Session.objects.filter(cohort_id=enrolment.cohort_id, starts_at__lte=timezone.now()).count()
    if not held:
        return None
    attended = AttendanceRecord.objects.filter(
        enrolment=enrolment, status__in=AttendanceRecord.ATTENDED, session__starts_at__lte=timezone.now()
    ).count()
    return round(100 * attended / held)


@transaction.atomic
def completion_evaluate(*, enrolment_id: int) -> bool:
    """Complete the enrolment if its rules hold. Returns True only for the call that completed it."""
    enrolment = Enrolment.objects.select_related("cohort__course").get(pk=enrolment_id)
    # Every result and attendance mark passes here: the enrolment's figures changed.
    enrolment_changed_on_commit(enrolment_ids=[enrolment_id])
    if enrolment.state not in (State.ACTIVE, State.FAILED) or completion_problems(enrolment=enrolment):
        return False
    # The conditional UPDATE is the exactly-once guard: of two racing evaluations, one matches.
    won = Enrolment.objects.filter(pk=enrolment.pk, state=enrolment.state).update(
        state=State.COMPLETED, completed_at=timezone.now(), updated_at=timezone.now()
    )
    if not won:
        return False
    EnrolmentTransition.objects.create(
        enrolment=enrolment,
        from_state=enrolment.state,
        to_state=State.COMPLETED,
        reason=_("Completion rules met."),
    )
    from courses.tasks import enrolment_notify

    transaction.on_commit(lambda: enrolment_notify.delay(enrolment_id=enrolment.pk, state=State.COMPLETED))
    course_completed.send(
        sender=Enrolment,
        enrolment_id=enrolment.pk,
        user_id=enrolment.user_id,
        course_id=enrolment.cohort.course_id,
        cohort_id=enrolment.cohort_id,
    )
    _programmes_evaluate(user_id=enrolment.user_id, course_id=enrolment.cohort.course_id)
    return True


def _programmes_evaluate(*, user_id: int, course_id: int) -> None:
    completed_courses = set(
        Enrolment.objects.filter(user_id=user_id, state=State.COMPLETED).values_list(
            "cohort__course_id", flat=True
        )
    )
    for place in ProgrammeCourse.objects.filter(course_id=course_id).select_related("programme"):
        programme = place.programme
        needed = set(programme.programme_courses.values_list("course_id", flat=True))
        if not needed <= completed_courses:
            continue
        try:
            with transaction.atomic():
                ProgrammeCompletion.objects.create(user_id=user_id, programme=programme)
        except IntegrityError:
            continue
        programme_completed.send(sender=ProgrammeCompletion, user_id=user_id, programme_id=programme.pk)
