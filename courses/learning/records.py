"""Read-side facts for higher apps' records (certificates, training records): one enrolment's
course, cohort, hub, instructors, hours, grade and attendance; sessions a person delivered."""

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Avg, Count, Q, Sum
from django.utils import timezone

from courses.data import EnrolmentRecordData, ProgrammeData
from courses.models import (
    ActivityResult,
    AttendanceRecord,
    Enrolment,
    ProgrammeCompletion,
    ProgrammePage,
    Session,
)


def enrolment_records(*, enrolment_ids: Iterable[int]) -> dict[int, EnrolmentRecordData]:
    """The facts of each enrolment; the grade is the average score, as the completion rule reads it."""
    enrolments = list(
        Enrolment.objects.filter(pk__in=list(enrolment_ids))
        .select_related("user", "cohort__course", "cohort__hub")
        .prefetch_related("cohort__instructors")
    )
    ids = [e.pk for e in enrolments]
    grades = dict(
        ActivityResult.objects.filter(enrolment_id__in=ids, score__isnull=False)
        .values("enrolment_id")
        .annotate(value=Avg("score"))
        .values_list("enrolment_id", "value")
    )
    # Attendance counted for all the enrolments at once (a cohort's certificates read thousands),
    # as attendance_percent counts it for one: sessions held so far, and those attended.
    now = timezone.now()
    held = dict(
        Session.objects.filter(cohort_id__in={e.cohort_id for e in enrolments}, starts_at__lte=now)
        .values("cohort_id")
        .annotate(n=Count("pk"))
        .values_list("cohort_id", "n")
    )
    attended = dict(
        AttendanceRecord.objects.filter(
            enrolment_id__in=ids, status__in=AttendanceRecord.ATTENDED, session__starts_at__lte=now
        )
        .values("enrolment_id")
        .annotate(n=Count("pk"))
        .values_list("enrolment_id", "n")
    )
    records = {}
    for e in enrolments:
        grade = grades.get(e.pk)
        sessions = held.get(e.cohort_id, 0)
        records[e.pk] = EnrolmentRecordData(
            id=e.pk,
            user_id=e.user_id,
            cohort_id=e.cohort_id,
            course_id=e.cohort.course_id,
            course_title=e.cohort.course.title,
            cohort_title=e.cohort.title,
            hub_name=e.cohort.hub.name if e.cohort.hub_id else "",
            instructor_names=tuple(i.get_full_name() for i in e.cohort.instructors.all()),
            hours=e.cohort.course.duration_hours,
            state=e.state,
            completed_at=e.completed_at,
            grade=None if grade is None else Decimal(grade).quantize(Decimal("0.1")),
            attendance_percent=round(100 * attended.get(e.pk, 0) / sessions) if sessions else None,
        )
    return records


def completed_enrolment_ids(*, user_id: int | None = None, cohort_id: int | None = None) -> list[int]:
    """Completed enrolments of a person or a cohort, oldest completion first."""
    enrolments = Enrolment.objects.filter(state=Enrolment.State.COMPLETED)
    if user_id is not None:
        enrolments = enrolments.filter(user_id=user_id)
    if cohort_id is not None:
        enrolments = enrolments.filter(cohort_id=cohort_id)
    return list(enrolments.order_by("completed_at", "pk").values_list("pk", flat=True))


def sessions_delivered(*, user_id: int) -> int:
    """Sessions already held in cohorts the person teaches: named as the cohort's instructor, or
    as the course's when the cohort names none."""
    taught = Q(cohort__instructors__pk=user_id) | Q(
        cohort__instructors__isnull=True, cohort__course__instructors__pk=user_id
    )
    return Session.objects.filter(taught, ends_at__lte=timezone.now()).distinct().count()


def programme_completers(*, programme_id: int) -> list[int]:
    """The people who completed every course of a programme, first completion first."""
    return list(
        ProgrammeCompletion.objects.filter(programme_id=programme_id)
        .order_by("completed_at", "pk")
        .values_list("user_id", flat=True)
    )


def programme_data(*, programme_id: int) -> ProgrammeData:
    programme = ProgrammePage.objects.get(pk=programme_id)
    hours = programme.programme_courses.aggregate(value=Sum("course__duration_hours"))["value"]
    return ProgrammeData(
        id=programme.pk,
        title=programme.title,
        hours=hours or Decimal(0),
        is_master_trainer_programme=programme.is_master_trainer_programme,
    )


def programmes(*, master_trainer_only: bool = False) -> list[ProgrammeData]:
    pages = ProgrammePage.objects.order_by("pk")
    if master_trainer_only:
        pages = pages.filter(is_master_trainer_programme=True)
    return [programme_data(programme_id=pk) for pk in pages.values_list("pk", flat=True)]
