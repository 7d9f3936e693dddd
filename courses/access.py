"""Who may see and manage which cohorts and courses: the one place these rules live.

- Managers — superusers, programme managers, centre directors, administrators — reach every
  cohort and every course.
- Instructors and master trainers reach the cohorts they teach (``Cohort.instructors``) and the
  cohorts and structure of the courses they teach (``CoursePage.instructors``).
- Hub coordinators reach the cohorts held at the hubs they coordinate (``TrainingHub.coordinators``).
- Trainees reach none.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from courses.models import Activity, Cohort, CoursePage
from lms.api import Role, user_has_role

MANAGING_ROLES = (Role.PROGRAMME_MANAGER, Role.CENTRE_DIRECTOR, Role.ADMINISTRATOR)
TEACHING_ROLES = (Role.INSTRUCTOR, Role.MASTER_TRAINER)


def teaching_staff() -> QuerySet:
    """The people who may be named instructors of a course or cohort."""
    teaching = Q(groups__name__in=[role.value for role in TEACHING_ROLES]) | Q(is_superuser=True)
    return get_user_model().objects.filter(teaching).distinct()


def manages_every_cohort(*, user) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or any(user_has_role(user=user, role=role) for role in MANAGING_ROLES)


def cohorts_taught_by(*, user) -> QuerySet[Cohort]:
    if not user.is_authenticated:
        return Cohort.objects.none()
    if manages_every_cohort(user=user):
        return Cohort.objects.all()
    return Cohort.objects.filter(
        pk__in=Cohort.objects.filter(Q(instructors=user) | Q(course__instructors=user)).values("pk")
    )


def cohorts_coordinated_by(*, user) -> QuerySet[Cohort]:
    if not user.is_authenticated:
        return Cohort.objects.none()
    if manages_every_cohort(user=user):
        return Cohort.objects.all()
    return Cohort.objects.filter(pk__in=Cohort.objects.filter(hub__coordinators=user).values("pk"))


def cohorts_in_reach(*, user) -> QuerySet[Cohort]:
    """Every cohort ``user`` teaches or coordinates (all of them for managers)."""
    if not user.is_authenticated:
        return Cohort.objects.none()
    if manages_every_cohort(user=user):
        return Cohort.objects.all()
    mine = Q(instructors=user) | Q(course__instructors=user) | Q(hub__coordinators=user)
    return Cohort.objects.filter(pk__in=Cohort.objects.filter(mine).values("pk"))


def courses_in_reach(*, user) -> QuerySet[CoursePage]:
    """The courses whose cohorts and structure ``user`` may edit."""
    if not user.is_authenticated:
        return CoursePage.objects.none()
    if manages_every_cohort(user=user):
        return CoursePage.objects.all()
    return CoursePage.objects.filter(pk__in=CoursePage.objects.filter(instructors=user).values("pk"))


def activities_in_reach(*, user) -> QuerySet[Activity]:
    """The activities of the courses ``user`` may edit (all of them for managers)."""
    if manages_every_cohort(user=user):
        return Activity.objects.all()
    return Activity.objects.filter(module__course__in=courses_in_reach(user=user).values("pk"))
