"""Which cohorts a staff member may fill from a list.

The rules are ``courses.access``'s; anyone they reach no cohort for (trainees) gets 403 from the
bulk enrolment pages.
"""

from django.db.models import QuerySet

from courses.access import cohorts_in_reach, manages_every_cohort
from courses.models import Cohort


def manageable_cohorts(*, user) -> QuerySet[Cohort]:
    """The cohorts ``user`` may enrol people in from a list (``courses.access``'s reach)."""
    return cohorts_in_reach(user=user).select_related("course", "hub")


def may_bulk_enrol(*, user) -> bool:
    """Whether ``user`` may use the bulk enrolment pages at all."""
    return manages_every_cohort(user=user) or manageable_cohorts(user=user).exists()


def may_manage(*, user, cohort: Cohort) -> bool:
    return manageable_cohorts(user=user).filter(pk=cohort.pk).exists()
