"""Each course's media collection: the images, videos and documents of its pages, private to the
people who may edit the course.

Wagtail decides who may upload, change and choose images and documents by collection
(``GroupCollectionPermission``), not by the roles' model permissions. So each course has a
collection under "الدورات" and a group of its own, ``course-media-<translation key>``, holding
add, change and choose on it; the course's instructors (of any of its translations) are the
group's members, kept in step each time the course is published. An instructor then sees,
uploads to and chooses from their courses' collections only; their own uploads they may also
delete (Wagtail's ownership rule). The managing roles hold the same on the root collection, so
they reach every course's media.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission

from courses.access import MANAGING_ROLES
from courses.models import CoursePage

COURSES_COLLECTION = "الدورات"
GROUP_PREFIX = "course-media-"
MEDIA_ACTIONS = ("add", "change", "choose")
MANAGER_ACTIONS = (*MEDIA_ACTIONS, "delete")


def _permissions(actions: tuple[str, ...]) -> list[Permission]:
    codenames = [f"{action}_{model}" for action in actions for model in ("image", "document")]
    return list(
        Permission.objects.filter(
            content_type__app_label__in=("wagtailimages", "wagtaildocs"), codename__in=codenames
        )
    )


def _grant(group: Group, collection: Collection, actions: tuple[str, ...]) -> None:
    for permission in _permissions(actions):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )


def _courses_root() -> Collection:
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=COURSES_COLLECTION).first()
    return existing or root.add_child(name=COURSES_COLLECTION)


def course_media_collection(*, course: CoursePage) -> Collection | None:
    """The course's collection, if it has one yet."""
    permission = (
        GroupCollectionPermission.objects.filter(group__name=f"{GROUP_PREFIX}{course.translation_key}")
        .select_related("collection")
        .first()
    )
    return permission.collection if permission else None


@transaction.atomic
def course_media_sync(*, course: CoursePage) -> Collection:
    """Create the course's collection and group if missing, name the collection after the course,
    and make the group's members exactly the course's instructors (in any of its translations)."""
    group, _ = Group.objects.get_or_create(name=f"{GROUP_PREFIX}{course.translation_key}")
    collection = course_media_collection(course=course)
    if collection is None:
        collection = _courses_root().add_child(name=course.title)
    elif collection.name != course.title and course.locale_id == course.get_default_locale().pk:
        collection.name = course.title
        collection.save(update_fields=["name"])
    _grant(group, collection, MEDIA_ACTIONS)
    translations = CoursePage.objects.filter(translation_key=course.translation_key).prefetch_related(
        "instructors"
    )
    group.user_set.set({user for translation in translations for user in translation.instructors.all()})
    return collection


def course_media_sync_all() -> None:
    """Every course's collection and group (after migrations and for the demo)."""
    seen = set()
    for course in CoursePage.objects.order_by("pk"):
        if course.translation_key not in seen:
            seen.add(course.translation_key)
            course_media_sync(course=course)


@transaction.atomic
def managers_media_grant() -> None:
    """The managing roles reach every collection's media."""
    root = Collection.get_first_root_node()
    if root is None:
        return
    for role in MANAGING_ROLES:
        group, _ = Group.objects.get_or_create(name=role.value)
        _grant(group, root, MANAGER_ACTIONS)


def course_media_on_publish(*, instance, **kwargs) -> None:
    if isinstance(instance, CoursePage):
        course_media_sync(course=instance)


def course_media_after_migrate(**kwargs) -> None:
    managers_media_grant()
    course_media_sync_all()
