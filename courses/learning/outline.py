"""A course's activities in order, as the course home, an activity's previous / next and My learning
read them: kept in the shared cache until any module or activity changes (``lms.api.cached``).

Outlines change when instructors author (rarely); trainees read them on every page. One version
for every course's outline keeps the rule simple and always right: an activity moved to another
course's module, a module deleted with its activities, a reordering by ``bulk_update`` — each
forgets them all.
"""

from django.db.models import Model

from courses.models import Activity
from lms.api import cached, cached_forget

NAMESPACE = "courses:outline"


def course_outline(*, course_id: int) -> list[Activity]:
    """The course's activities in order, each with its module and its release condition's activity."""

    def read() -> list[Activity]:
        return list(
            Activity.objects.filter(module__course_id=course_id)
            .select_related("module", "released_after")
            .order_by("module__position", "module__pk", "position", "pk")
        )

    return cached(NAMESPACE, str(course_id), read)


def outlines_forget() -> None:
    """After a change of modules or activities that sends no signal (``bulk_update``)."""
    cached_forget(NAMESPACE)


def outline_changed(sender: type[Model], **kwargs) -> None:
    """Receiver of post_save / post_delete of modules and activities."""
    outlines_forget()
