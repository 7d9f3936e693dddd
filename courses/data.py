"""Plain data types that cross the ``courses.api`` door."""

from dataclasses import dataclass
from datetime import datetime
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
