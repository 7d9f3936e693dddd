"""Which cohorts a staff member may fill from a list.

Superusers and programme managers: every cohort. A hub coordinator: the cohorts held at the hubs
they coordinate (``TrainingHub.coordinators``). An instructor: the cohorts they teach, as listed in
``Cohort.instructors`` or in the course's ``CoursePage.instructors``. Anyone else (trainees):
none, and the bulk enrolment pages answer 403.
"""

from django.db.models import Q, QuerySet

from courses.models import Cohort
from lms.api import Role, user_has_role


def manages_every_cohort(*, user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user_has_role(user=user, role=Role.PROGRAMME_MANAGER)
    )


def manageable_cohorts(*, user) -> QuerySet[Cohort]:
    """The cohorts ``user`` may enrol people in from a list, soonest first."""
    if not user.is_authenticated:
        return Cohort.objects.none()
    cohorts = Cohort.objects.select_related("course", "hub")
    if manages_every_cohort(user=user):
        return cohorts.all()
    mine = Q(hub__coordinators=user) | Q(instructors=user) | Q(course__instructors=user)
    return cohorts.filter(pk__in=Cohort.objects.filter(mine).values("pk"))


def may_bulk_enrol(*, user) -> bool:
    """Whether ``user`` may use the bulk enrolment pages at all."""
    return manages_every_cohort(user=user) or manageable_cohorts(user=user).exists()


def may_manage(*, user, cohort: Cohort) -> bool:
    return manageable_cohorts(user=user).filter(pk=cohort.pk).exists()
