"""The door of ``courses`` for higher apps (content, certification, analytics).

Foreign keys to its models use string references: ``"courses.Activity"``, ``"courses.Cohort"``,
``"courses.Enrolment"``, ``"courses.CoursePage"``, ``"courses.ProgrammePage"``.
"""

from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from courses import access, rules
from courses.authoring.labels import activity_label
from courses.data import (
    ActivityResultData,
    CohortFactsData,
    EnrolmentData,
    EnrolmentFactsData,
    EnrolmentRecordData,
    ProgrammeData,
)
from courses.enrolment import facts
from courses.errors import CoursesError
from courses.learning import completion, records
from courses.learning.openers import activity_opener_register
from courses.learning.sections import learning_section_register
from courses.models import Activity
from courses.notifications.sms import SmsError, SmsTemporaryError
from courses.notifications.sms import sms_send as _sms_send
from courses.signals import course_completed, enrolment_changed, programme_completed
from courses.text import normalise as _normalise

__all__ = [
    "ActivityResultData",
    "CohortFactsData",
    "CoursesError",
    "EnrolmentData",
    "EnrolmentFactsData",
    "EnrolmentRecordData",
    "ProgrammeData",
    "SmsError",
    "SmsTemporaryError",
    "activities_in_reach",
    "activity_label",
    "activity_locked_reason",
    "activity_opener_register",
    "activity_result_record",
    "cohort_choices",
    "cohort_facts",
    "cohort_in_reach",
    "cohort_names",
    "completed_enrolment_ids",
    "course_completed",
    "course_names",
    "enrolment_changed",
    "enrolment_facts",
    "enrolment_for",
    "enrolment_records",
    "learning_section_register",
    "manages_all_courses",
    "programme_completed",
    "programme_completers",
    "programme_data",
    "programme_names",
    "programmes",
    "sessions_delivered",
    "sms_send",
    "text_normalise",
]


def activity_result_record(
    *,
    user_id: int,
    activity_id: int,
    score: Decimal | float | None = None,
    completed: bool | None = None,
    passed: bool | None = None,
) -> ActivityResultData:
    """Record a result (score in %, completion, success) of a person in an activity.

    Results only improve; completion rules are re-evaluated and ``course_completed`` is sent once
    when they first hold. Raises ``CoursesError`` when the person is not enrolled.
    """
    result = completion.activity_result_record(
        user_id=user_id, activity_id=activity_id, score=score, completed=completed, passed=passed
    )
    return ActivityResultData(
        activity_id=result.activity_id,
        enrolment_id=result.enrolment_id,
        score=result.score,
        completed=result.completed,
        passed=result.passed,
    )


def enrolment_for(*, user_id: int, course_id: int) -> EnrolmentData | None:
    """The enrolment in which the person learns the course now, if any."""
    enrolment = completion.current_enrolment(user_id=user_id, course_id=course_id)
    if enrolment is None:
        return None
    return EnrolmentData(
        id=enrolment.pk,
        user_id=enrolment.user_id,
        cohort_id=enrolment.cohort_id,
        course_id=enrolment.cohort.course_id,
        state=enrolment.state,
        completed_at=enrolment.completed_at,
    )


def activity_locked_reason(*, user_id: int, activity_id: int) -> str | None:
    """Why the person may not open the activity now (a translated sentence), or None if they may.

    Refuses people not enrolled in the activity's course, and applies the release conditions.
    """
    activity = Activity.objects.select_related("module", "released_after").get(pk=activity_id)
    enrolment = completion.current_enrolment(user_id=user_id, course_id=activity.module.course_id)
    if enrolment is None:
        return str(CoursesError(_("You are not enrolled in this course."), code="not_enrolled"))
    return rules.activity_locked_reason(enrolment=enrolment, activity=activity)


def manages_all_courses(*, user) -> bool:
    """Whether ``user`` reaches every course and cohort (superusers and the managing roles)."""
    return access.manages_every_cohort(user=user)


def activities_in_reach(*, user, kind: str | None = None) -> QuerySet[Activity]:
    """The activities ``user`` may attach things to: those of the courses they teach (all for
    managers), optionally of one kind (e.g. ``"content"``), in course order."""
    activities = access.activities_in_reach(user=user)
    if kind is not None:
        activities = activities.filter(kind=kind)
    return activities.select_related("module__course").order_by(
        "module__course__title", "module__position", "position"
    )


def enrolment_records(*, enrolment_ids: Iterable[int]) -> dict[int, EnrolmentRecordData]:
    """Course, cohort, hub, instructors, hours, grade (average score) and attendance of enrolments."""
    return records.enrolment_records(enrolment_ids=enrolment_ids)


def completed_enrolment_ids(*, user_id: int | None = None, cohort_id: int | None = None) -> list[int]:
    """The completed enrolments of a person, or of a cohort, oldest first."""
    return records.completed_enrolment_ids(user_id=user_id, cohort_id=cohort_id)


def sessions_delivered(*, user_id: int) -> int:
    """How many sessions the person has delivered as an instructor of their cohorts (already held)."""
    return records.sessions_delivered(user_id=user_id)


def programme_completers(*, programme_id: int) -> list[int]:
    """Ids of the people who completed a programme, first completion first."""
    return records.programme_completers(programme_id=programme_id)


def programme_data(*, programme_id: int) -> ProgrammeData:
    """A programme's title, total hours and whether it trains master trainers."""
    return records.programme_data(programme_id=programme_id)


def programmes(*, master_trainer_only: bool = False) -> list[ProgrammeData]:
    """The programmes (optionally only master-trainer ones), oldest first."""
    return records.programmes(master_trainer_only=master_trainer_only)


def sms_send(*, to: str, text: str) -> None:
    """Text ``to`` (E.164) through the configured gateway; raises ``SmsTemporaryError`` to retry later."""
    _sms_send(to=to, text=text)


def cohort_in_reach(*, user, cohort_id: int) -> bool:
    """Whether ``user`` teaches or manages the cohort (instructors, its hub's coordinators, managers)."""
    return access.cohorts_in_reach(user=user).filter(pk=cohort_id).exists()


def cohort_choices(*, user) -> list[tuple[int, str]]:
    """The cohorts ``user`` teaches or manages, as (id, label), newest first."""
    cohorts = access.cohorts_in_reach(user=user).select_related("course").order_by("-starts_on", "-pk")
    return [(c.pk, str(c)) for c in cohorts]


def enrolment_facts(*, enrolment_ids: Iterable[int] | None = None) -> Iterator[EnrolmentFactsData]:
    """Every enrolment (or those given) with its cohort's facts, mean score and sessions attended,
    in id order, streamed in chunks: a fixed number of queries per chunk."""
    return facts.enrolment_facts(enrolment_ids=enrolment_ids)


def cohort_facts(*, cohort_ids: Iterable[int] | None = None) -> dict[int, CohortFactsData]:
    """Every cohort (or those given) by id: course, programme, hub, dates, seats, trainer."""
    return facts.cohort_facts(cohort_ids=cohort_ids)


def course_names() -> dict[int, str]:
    """Every course's title, by id."""
    return facts.course_names()


def programme_names() -> dict[int, str]:
    """Every programme's title, by id."""
    return facts.programme_names()


def cohort_names(*, cohort_ids: Iterable[int]) -> dict[int, str]:
    """The titles of the given cohorts, by id."""
    return facts.cohort_names(cohort_ids=cohort_ids)


def text_normalise(text: str, *, case_sensitive: bool = False) -> str:
    """Arabic-aware fold for matching typed text: diacritics, alef/hamza, taa marbuta, yeh, digits."""
    return _normalise(text, case_sensitive=case_sensitive)
