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
