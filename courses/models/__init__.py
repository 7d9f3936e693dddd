"""The models of ``courses``: catalogue pages, cohorts and enrolment, structure, attendance, bulk imports."""

from courses.models.attendance import AttendanceRecord, Session
from courses.models.bulk import BulkEnrolment
from courses.models.catalogue import CatalogueIndexPage, CoursePage, ProgrammeCourse, ProgrammePage, Topic
from courses.models.cohorts import Cohort, Enrolment, EnrolmentTransition
from courses.models.structure import Activity, ActivityResult, CourseModule, ProgrammeCompletion

__all__ = [
    "Activity",
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
