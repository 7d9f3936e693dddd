"""Plain data types that cross the ``courses.api`` door."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True)
class EnrolmentData:
    id: int
    user_id: int
    cohort_id: int
    course_id: int
    state: str
    completed_at: datetime | None


@dataclass(frozen=True)
class ActivityResultData:
    activity_id: int
    enrolment_id: int
    score: Decimal | None
    completed: bool
    passed: bool | None


@dataclass(frozen=True)
class EnrolmentRecordData:
    """What a certificate or a training record says about one enrolment."""

    id: int
    user_id: int
    cohort_id: int
    course_id: int
    course_title: str
    cohort_title: str
    hub_name: str
    instructor_names: tuple[str, ...]
    hours: Decimal
    state: str
    completed_at: datetime | None
    grade: Decimal | None
    attendance_percent: int | None


@dataclass(frozen=True)
class ProgrammeData:
    id: int
    title: str
    hours: Decimal
    is_master_trainer_programme: bool


@dataclass(frozen=True)
class CohortFactsData:
    """A cohort as reports count it: where, when, how many seats, who delivered it."""

    id: int
    course_id: int
    programme_id: int | None
    hub_id: int | None
    starts_on: date
    ends_on: date
    capacity: int
    # The trainer who delivered it: the first instructor named on the cohort.
    trainer_id: int | None
    sessions_held: int


@dataclass(frozen=True)
class EnrolmentFactsData:
    """One enrolment with what reports need of it, its cohort's facts beside it."""

    id: int
    user_id: int
    cohort: CohortFactsData
    state: str
    requested_at: datetime
    completed_at: datetime | None
    # Mean of the enrolment's scored activity results (percent), None when nothing is scored.
    score: Decimal | None
    sessions_attended: int
