"""Which kept pages (``lms.api.page_cache_keep``, ADR 0026) a change in ``courses`` makes stale.

- A person's own pages (My learning, the course home, the course pages they read) show their
  enrolments, results and attendance: any change of those forgets that person's pages.
- ``course_namespace``: the cohorts' practical details of a course (dates, room, instructors,
  sessions), on its course home, course page and in My learning.
- ``seats_namespace``: who holds a seat or waits in a course's cohorts (seats left, waiting-list
  positions), on its course page and in My learning of those who wait.

Everything else a kept page shows has its own namespace already: the outlines, the catalogue's
listing and the course pages' facts, Wagtail's routes, the centre's settings. Every kept page
depends on the listing, so names ``lms`` announces (a hub's, an instructor's) forget the listing.
"""

import datetime
from collections.abc import Iterator

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest

from courses.catalogue.listing import NAMESPACE as LISTING
from courses.catalogue.listing import catalogue_listing_forget
from courses.learning.outline import NAMESPACE as OUTLINES
from courses.models import ActivityResult, AttendanceRecord, Cohort, CoursePage, Enrolment, Session
from courses.signals import enrolment_changed
from lms.api import (
    cached_forget,
    page_cache_keep,
    person_pages_forget,
    person_shown_changed,
    places_changed,
)

# My learning tells of a session in the next two days first (courses.learning.queries).
SESSION_SOON = datetime.timedelta(days=2)


def course_namespace(course_id: int) -> str:
    return f"courses:course:{course_id}"


def seats_namespace(course_id: int) -> str:
    return f"courses:seats:{course_id}"


def keep_course_home(request: HttpRequest, *, course_id: int) -> None:
    """The course home shows the outline, the course's title and its cohort's details."""
    page_cache_keep(request, namespaces=[OUTLINES, LISTING, course_namespace(course_id)])


def course_home_moments(context: dict) -> Iterator[datetime.datetime | None]:
    """When the course home changes by itself: an activity opens, the next session starts or ends."""
    for module in context["modules"]:
        for row in module.activities:
            yield row.activity.released_from
    if context["next_session"] is not None:
        yield context["next_session"].starts_at
        yield context["next_session"].ends_at


def keep_my_learning(request: HttpRequest) -> None:
    """My learning shows the outlines and the courses' titles; then its courses' namespaces
    (``learning_overview``'s ``depends_on``)."""
    page_cache_keep(request, namespaces=[OUTLINES, LISTING])


def my_learning_moments(context: dict) -> Iterator[datetime.datetime | None]:
    """When My learning changes by itself: a next activity opens, a session comes within two days,
    starts or ends."""
    for item in context["current"]:
        step = item.next_step
        if step is None:
            continue
        yield step.available_from
        if step.session is not None:
            yield step.session.starts_at - SESSION_SOON
            yield step.session.starts_at
            yield step.session.ends_at


def _enrolments_changed(rows) -> None:
    """``rows``: (person id, course id) of each enrolment that changed."""
    rows = list(rows)
    person_pages_forget(person_ids={person for person, _course in rows})
    for course in {course for _person, course in rows}:
        cached_forget(seats_namespace(course))


def on_enrolment_saved(sender, instance: Enrolment, **kwargs) -> None:
    _enrolments_changed([(instance.user_id, instance.cohort.course_id)])


def on_enrolments_changed(sender, enrolment_ids, **kwargs) -> None:
    """Transitions in bulk, results and attendance (``courses.signals.enrolment_changed``)."""
    _enrolments_changed(
        Enrolment.objects.filter(pk__in=enrolment_ids).values_list("user_id", "cohort__course_id")
    )


def on_result_saved(sender, instance: ActivityResult | AttendanceRecord, **kwargs) -> None:
    """A result or an attendance mark written without the services (an import, the admin)."""
    person = Enrolment.objects.filter(pk=instance.enrolment_id).values_list("user_id", flat=True).first()
    if person is not None:
        person_pages_forget(person_ids=[person])


def on_cohort_saved(sender, instance: Cohort, **kwargs) -> None:
    cached_forget(course_namespace(instance.course_id))


def on_session_saved(sender, instance: Session, **kwargs) -> None:
    course = Cohort.objects.filter(pk=instance.cohort_id).values_list("course_id", flat=True).first()
    if course is not None:
        cached_forget(course_namespace(course))


def on_instructors_changed(sender, instance, action: str, pk_set, reverse: bool, **kwargs) -> None:
    """A cohort's instructors, changed from the cohort or from the person's side."""
    if not action.startswith("post_"):
        return
    cohorts = [instance.pk] if not reverse else list(pk_set or [])
    for course in set(Cohort.objects.filter(pk__in=cohorts).values_list("course_id", flat=True)):
        cached_forget(course_namespace(course))


def on_places_changed(sender, **kwargs) -> None:
    """A hub's, governorate's or organisation's name: shown with the cohorts on course pages,
    course homes and My learning, and in the course pages' facts."""
    catalogue_listing_forget()


def on_person_shown_changed(sender, person_id: int, **kwargs) -> None:
    """A person's name: others read it only if they teach (a course page's and a course home's
    instructors); a trainee's own pages are forgotten by ``lms`` itself."""
    teaches = (
        CoursePage.objects.filter(instructors=person_id).exists()
        or Cohort.objects.filter(instructors=person_id).exists()
    )
    if teaches:
        catalogue_listing_forget()


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(on_enrolment_saved, sender=Enrolment, dispatch_uid="courses.kept_pages.enrolment")
        signal.connect(on_cohort_saved, sender=Cohort, dispatch_uid="courses.kept_pages.cohort")
        signal.connect(on_session_saved, sender=Session, dispatch_uid="courses.kept_pages.session")
        for model in (ActivityResult, AttendanceRecord):
            signal.connect(on_result_saved, sender=model, dispatch_uid=f"courses.kept_pages.{model.__name__}")
    enrolment_changed.connect(on_enrolments_changed, dispatch_uid="courses.kept_pages.enrolments")
    places_changed.connect(on_places_changed, dispatch_uid="courses.kept_pages.places")
    person_shown_changed.connect(on_person_shown_changed, dispatch_uid="courses.kept_pages.person_shown")
    m2m_changed.connect(
        on_instructors_changed,
        sender=Cohort.instructors.through,
        dispatch_uid="courses.kept_pages.instructors",
    )
