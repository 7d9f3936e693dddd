"""Who may see and manage which cohorts and courses: the one place these rules live.

- Managers — superusers, programme managers, centre directors, administrators — reach every
  cohort and every course.
- Instructors and master trainers reach the cohorts they teach (``Cohort.instructors``) and the
  cohorts and structure of the courses they teach (``CoursePage.instructors``).
- Hub coordinators reach the cohorts held at the hubs they coordinate (``TrainingHub.coordinators``).
- Trainees reach none.

The catalogue's pages follow the same rule (``catalogue_page_editable_by``): an instructor edits and
publishes only the courses they teach and never changes who teaches them; managers edit every page.
"""

from django.db.models import Q, QuerySet
from django.utils.functional import cached_property
from wagtail.models import PagePermissionTester

from courses.models import Activity, Cohort, CoursePage, ProgrammePage
from lms.api import Role, people_with_roles, user_has_role

MANAGING_ROLES = (Role.PROGRAMME_MANAGER, Role.CENTRE_DIRECTOR, Role.ADMINISTRATOR)
TEACHING_ROLES = (Role.INSTRUCTOR, Role.MASTER_TRAINER)


def teaching_staff() -> QuerySet:
    """The people who may be named instructors of a course or cohort."""
    return people_with_roles(roles=TEACHING_ROLES)


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


# --- The catalogue's pages -----------------------------------------------------------------------


def course_team_editable_by(*, user) -> bool:
    """Whether ``user`` may choose who teaches a course (``CoursePage.instructors``): managers only.

    Naming the instructors decides who reaches the course's cohorts, rosters and packages, so an
    instructor may not add themselves to a course, nor remove a colleague.
    """
    return manages_every_cohort(user=user)


def catalogue_page_editable_by(*, user, page) -> bool:
    """Whether ``user`` may change, publish, unpublish, move, lock or delete catalogue ``page``.

    Managers may change every page; an instructor only the courses they teach, and the programmes
    they wrote themselves (a programme has no instructors; it orders courses into a path). The
    catalogue's index page is the managers'. What Wagtail's page permissions allow comes on top:
    this only narrows them.
    """
    if manages_every_cohort(user=user):
        return True
    if not user.is_authenticated or page.pk is None:
        return False
    if isinstance(page, ProgrammePage):
        return page.owner_id == user.pk
    return CoursePage.objects.filter(pk=page.pk, instructors=user).exists()


class CataloguePagePermissionTester(PagePermissionTester):
    """Wagtail's page permissions on a catalogue page, narrowed by ``catalogue_page_editable_by``.

    Instructors hold add, change and publish on the catalogue (courses.catalogue.permissions)
    so that they can write new courses; Wagtail would let them change every page below it.
    Adding a course stays open to them; changing an existing page follows the rule above.
    """

    @cached_property
    def _may_change(self) -> bool:
        return catalogue_page_editable_by(user=self.user, page=self.page)

    def can_edit(self) -> bool:
        return self._may_change and super().can_edit()

    def can_publish(self) -> bool:
        return self._may_change and super().can_publish()

    def can_unpublish(self) -> bool:
        return self._may_change and super().can_unpublish()

    def can_delete(self, ignore_bulk: bool = False) -> bool:
        return self._may_change and super().can_delete(ignore_bulk=ignore_bulk)

    def can_lock(self) -> bool:
        return self._may_change and super().can_lock()

    def can_reorder_children(self) -> bool:
        # Reordering publishes a new order of the pages below, none of which an instructor owns.
        return manages_every_cohort(user=self.user) and super().can_reorder_children()
