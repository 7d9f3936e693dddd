"""Read-side selectors of ``courses``: what the catalogue, course, programme and learning pages show.

Each selector runs a fixed number of queries whatever the number of courses, cohorts or
enrolments (related rows are prefetched or aggregated) and returns plain dictionaries and data
classes for the templates.
"""

from courses.queries.catalogue import ActiveFilter, FacetOption, catalogue_search
from courses.queries.common import enrolment_mode_label, upcoming_cohorts, waitlist_positions
from courses.queries.learning import LearningItem, NextStep, learning_overview
from courses.queries.pages import CohortRow, PathStep, course_page_context, programme_page_context

__all__ = [
    "ActiveFilter",
    "CohortRow",
    "FacetOption",
    "LearningItem",
    "NextStep",
    "PathStep",
    "catalogue_search",
    "course_page_context",
    "enrolment_mode_label",
    "learning_overview",
    "programme_page_context",
    "upcoming_cohorts",
    "waitlist_positions",
]
