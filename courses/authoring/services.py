"""Changing a course's outline: adding modules and activities in place, reordering them.

Each change is one transaction over the course's rows (locked, so that two instructors editing
the same outline cannot interleave), logged in the course page's history with who did it.
"""

from collections.abc import Sequence

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from courses.catalogue.listing import catalogue_listing_forget
from courses.errors import CoursesError
from courses.learning.outline import outlines_forget
from courses.models import Activity, CourseModule, CoursePage

MODULE_ADD = "courses.module_add"
ACTIVITY_ADD = "courses.activity_add"
OUTLINE_REORDER = "courses.outline_reorder"

# The outline as it is read and written: each module's id with its activities' ids, in order.
Outline = list[tuple[int, list[int]]]


def outline_of(*, course: CoursePage) -> Outline:
    activities: dict[int, list[int]] = {}
    for module_id, activity_id in Activity.objects.filter(module__course=course).values_list(
        "module_id", "pk"
    ):
        activities.setdefault(module_id, []).append(activity_id)
    return [
        (module_id, activities.get(module_id, []))
        for module_id in course.modules.values_list("pk", flat=True)
    ]


def _stale() -> CoursesError:
    return CoursesError(
        _("The outline was changed meanwhile (perhaps by someone else). Reload it and try again."),
        code="outline_stale",
    )


def _lock(course: CoursePage) -> None:
    list(CourseModule.objects.select_for_update().filter(course=course).values_list("pk", flat=True))


@transaction.atomic
def outline_reorder(*, course: CoursePage, order: Sequence[tuple[int, Sequence[int]]], by) -> None:
    """Put the course's modules and activities in ``order``.

    ``order`` names every module of the course once and every activity once, each under the
    module it is to belong to: an activity may move to another module of the same course. Any
    other set of ids (a missing, repeated or foreign one) is refused and nothing changes.
    """
    _lock(course)
    current = outline_of(course=course)
    module_ids = [module_id for module_id, _activities in order]
    activity_ids = [activity_id for _module, activities in order for activity_id in activities]
    if sorted(module_ids) != sorted(m for m, _a in current) or sorted(activity_ids) != sorted(
        a for _m, activities in current for a in activities
    ):
        raise _stale()
    modules = CourseModule.objects.in_bulk(module_ids)
    activities = Activity.objects.in_bulk(activity_ids)
    for position, (module_id, ids) in enumerate(order):
        modules[module_id].position = position
        for activity_position, activity_id in enumerate(ids):
            activities[activity_id].module_id = module_id
            activities[activity_id].position = activity_position
    CourseModule.objects.bulk_update(modules.values(), ["position"])
    Activity.objects.bulk_update(activities.values(), ["module", "position"])
    # bulk_update sends no post_save: the outlines, and the course page's modules.
    outlines_forget()
    catalogue_listing_forget()
    if [(m, list(a)) for m, a in order] != current:
        log(instance=course, action=OUTLINE_REORDER, user=by)


def _moved(outline: Outline, *, kind: str, item_id: int, step: int) -> Outline:
    """``outline`` with one module or activity moved a step up (-1) or down (+1).

    An activity at the edge of its module moves into the next module over, as the last of the
    module above or the first of the module below: a keyboard can then take it anywhere.
    """
    outline = [(m, list(a)) for m, a in outline]
    if kind == "module":
        index = next(i for i, (m, _a) in enumerate(outline) if m == item_id)
        target = index + step
        if 0 <= target < len(outline):
            outline[index], outline[target] = outline[target], outline[index]
        return outline
    index = next(i for i, (_m, a) in enumerate(outline) if item_id in a)
    activities = outline[index][1]
    at = activities.index(item_id)
    if 0 <= at + step < len(activities):
        activities[at], activities[at + step] = activities[at + step], activities[at]
    elif 0 <= index + step < len(outline):
        activities.remove(item_id)
        neighbour = outline[index + step][1]
        if step < 0:
            neighbour.append(item_id)
        else:
            neighbour.insert(0, item_id)
    return outline


@transaction.atomic
def outline_step(*, course: CoursePage, kind: str, item_id: int, step: int, by) -> None:
    """Move one module or activity of ``course`` a step up (``step=-1``) or down (``step=1``)."""
    if kind not in ("module", "activity") or step not in (-1, 1):
        raise _stale()
    _lock(course)
    current = outline_of(course=course)
    known = {m for m, _a in current} if kind == "module" else {a for _m, ids in current for a in ids}
    if item_id not in known:
        raise _stale()
    outline_reorder(course=course, order=_moved(current, kind=kind, item_id=item_id, step=step), by=by)


@transaction.atomic
def module_add(*, course: CoursePage, title: str, by) -> CourseModule:
    """A new module at the end of ``course``."""
    _lock(course)
    last = course.modules.aggregate(last=Max("position"))["last"]
    module = CourseModule(course=course, title=title.strip(), position=0 if last is None else last + 1)
    module.full_clean()
    module.save()
    log(instance=course, action=MODULE_ADD, user=by, data={"title": module.title})
    return module


@transaction.atomic
def activity_add(*, module: CourseModule, kind: str, title: str, by) -> Activity:
    """A new activity of ``kind`` at the end of ``module``."""
    _lock(module.course)
    last = module.activities.aggregate(last=Max("position"))["last"]
    activity = Activity(
        module=module, kind=kind, title=title.strip(), position=0 if last is None else last + 1
    )
    activity.full_clean()
    activity.save()
    log(
        instance=module.course,
        action=ACTIVITY_ADD,
        user=by,
        data={"title": activity.title, "module": module.title, "kind": activity.kind},
    )
    return activity
