"""A course's activities in order, as the course home, an activity's previous / next and My learning
read them: kept in the shared cache until any module or activity changes (``lms.api.cached``).

Outlines change when instructors author (rarely); trainees read them on every page. One version
for every course's outline keeps the rule simple and always right: an activity moved to another
course's module, a module deleted with its activities, a reordering by ``bulk_update`` — each
forgets them all.
"""

from collections.abc import Iterable

from django.db.models import Model

from courses.models import Activity
from lms.api import cached_forget, cached_many

NAMESPACE = "courses:outline"


def course_outline(*, course_id: int) -> list[Activity]:
    """The course's activities in order, each with its module and its release condition's activity."""
    return course_outlines(course_ids=[course_id])[course_id]


def course_outlines(*, course_ids: Iterable[int]) -> dict[int, list[Activity]]:
    """``course_outline`` of several courses; those not in the cache are read in one query."""

    def read(keys: list[str]) -> dict[str, list[Activity]]:
        outlines: dict[str, list[Activity]] = {key: [] for key in keys}
        for activity in (
            Activity.objects.filter(module__course_id__in=[int(key) for key in keys])
            .select_related("module", "released_after")
            .order_by("module__position", "module__pk", "position", "pk")
        ):
            outlines[str(activity.module.course_id)].append(activity)
        return outlines

    found = cached_many(NAMESPACE, [str(pk) for pk in set(course_ids)], read)
    return {int(key): activities for key, activities in found.items()}


def outlines_forget() -> None:
    """After a change of modules or activities that sends no signal (``bulk_update``)."""
    cached_forget(NAMESPACE)


def outline_changed(sender: type[Model], **kwargs) -> None:
    """Receiver of post_save / post_delete of modules and activities."""
    outlines_forget()
