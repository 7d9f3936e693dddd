"""The models of ``courses`` (app label ``courses``), each in its feature's ``models.py``: catalogue pages,
cohorts and enrolment, course structure and results, attendance, bulk imports."""

from courses.attendance.models import AttendanceRecord, Session
from courses.bulk.models import BulkEnrolment
from courses.catalogue.models import CatalogueIndexPage, CoursePage, ProgrammeCourse, ProgrammePage, Topic
from courses.enrolment.models import Cohort, Enrolment, EnrolmentTransition
from courses.learning.models import (
    Activity,
    ActivityContent,
    ActivityResult,
    CourseModule,
    ProgrammeCompletion,
)

__all__ = [
    "Activity",
    "ActivityContent",
    "ActivityResult",
    "AttendanceRecord",
    "BulkEnrolment",
    "CatalogueIndexPage",
    "Cohort",
    "CourseModule",
    "CoursePage",
    "Enrolment",
    "EnrolmentTransition",
    "ProgrammeCompletion",
    "ProgrammeCourse",
    "ProgrammePage",
    "Session",
    "Topic",
]
