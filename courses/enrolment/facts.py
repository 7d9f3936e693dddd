"""Enrolments and cohorts in bulk for reports (``courses.api``): a fixed number of grouped queries
however many rows, streamed so a full rebuild of a million enrolments stays in bounded memory."""

from collections.abc import Iterable, Iterator

from django.db.models import Avg, Count
from django.utils import timezone

from courses.data import CohortFactsData, EnrolmentFactsData
from courses.models import (
    ActivityResult,
    AttendanceRecord,
    Cohort,
    CoursePage,
    Enrolment,
    ProgrammeCourse,
    ProgrammePage,
    Session,
)

CHUNK = 5_000


def cohort_facts(*, cohort_ids: Iterable[int] | None = None) -> dict[int, CohortFactsData]:
    cohorts = Cohort.objects.all()
    sessions = Session.objects.filter(starts_at__lte=timezone.now())
    trainers = Cohort.instructors.through.objects.order_by("-pk")
    if cohort_ids is not None:
        ids = list(set(cohort_ids))
        cohorts, sessions = cohorts.filter(pk__in=ids), sessions.filter(cohort_id__in=ids)
        trainers = trainers.filter(cohort_id__in=ids)
    held = dict(sessions.values("cohort_id").annotate(n=Count("pk")).values_list("cohort_id", "n"))
    # Ordered newest first, so the dictionary keeps each cohort's first-named instructor.
    first_trainer = dict(trainers.values_list("cohort_id", "user_id"))
    # A course in several programmes counts under the first one that lists it.
    programme_of = dict(
        ProgrammeCourse.objects.order_by("-programme_id").values_list("course_id", "programme_id")
    )
    return {
        pk: CohortFactsData(
            id=pk,
            course_id=course_id,
            programme_id=programme_of.get(course_id),
            hub_id=hub_id,
            starts_on=starts_on,
            ends_on=ends_on,
            capacity=capacity,
            trainer_id=first_trainer.get(pk),
            sessions_held=held.get(pk, 0),
        )
        for pk, course_id, hub_id, starts_on, ends_on, capacity in cohorts.values_list(
            "pk", "course_id", "hub_id", "starts_on", "ends_on", "capacity"
        )
    }


def enrolment_facts(*, enrolment_ids: Iterable[int] | None = None) -> Iterator[EnrolmentFactsData]:
    enrolments = Enrolment.objects.order_by("pk")
    if enrolment_ids is not None:
        enrolments = enrolments.filter(pk__in=list(set(enrolment_ids)))
    cohort_ids = None if enrolment_ids is None else set(enrolments.values_list("cohort_id", flat=True))
    cohorts = cohort_facts(cohort_ids=cohort_ids)
    last = 0
    while True:
        rows = list(
            enrolments.filter(pk__gt=last).values_list(
                "pk", "user_id", "cohort_id", "state", "requested_at", "completed_at"
            )[:CHUNK]
        )
        if not rows:
            return
        first, last = rows[0][0], rows[-1][0]
        in_range = {"enrolment_id__gte": first, "enrolment_id__lte": last}
        scores = dict(
            ActivityResult.objects.filter(**in_range, score__isnull=False)
            .values("enrolment_id")
            .annotate(mean=Avg("score"))
            .values_list("enrolment_id", "mean")
        )
        attended = dict(
            AttendanceRecord.objects.filter(
                **in_range, status__in=AttendanceRecord.ATTENDED, session__starts_at__lte=timezone.now()
            )
            .values("enrolment_id")
            .annotate(n=Count("pk"))
            .values_list("enrolment_id", "n")
        )
        for pk, user_id, cohort_id, state, requested_at, completed_at in rows:
            yield EnrolmentFactsData(
                id=pk,
                user_id=user_id,
                cohort=cohorts[cohort_id],
                state=state,
                requested_at=requested_at,
                completed_at=completed_at,
                score=None if scores.get(pk) is None else round(scores[pk], 2),
                sessions_attended=attended.get(pk, 0),
            )


def course_names() -> dict[int, str]:
    return dict(CoursePage.objects.values_list("pk", "title"))


def programme_names() -> dict[int, str]:
    return dict(ProgrammePage.objects.values_list("pk", "title"))


def cohort_names(*, cohort_ids: Iterable[int]) -> dict[int, str]:
    return dict(Cohort.objects.filter(pk__in=list(set(cohort_ids))).values_list("pk", "title"))
