"""The roles of Tadrib, as Django groups with permissions.

A role is a group whose name is the role's stable code; its label is translated for display.
Permissions are named ``app_label.codename``; those of apps that are not installed yet are
skipped, so the same table grows as capabilities are added.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    TRAINEE = "trainee", _("Trainee")
    INSTRUCTOR = "instructor", _("Instructor")
    MASTER_TRAINER = "master_trainer", _("Master trainer")
    HUB_COORDINATOR = "hub_coordinator", _("Hub coordinator")
    PROGRAMME_MANAGER = "programme_manager", _("Programme manager")
    CENTRE_DIRECTOR = "centre_director", _("Centre director")
    ADMINISTRATOR = "administrator", _("Administrator")


# Where a user object keeps its role codes once read (as Django keeps ``_perm_cache``).
_CODES = "_role_codes"


def role_codes(user) -> frozenset[str]:
    """The codes of the roles ``user`` holds, read once per user object: every page's navigation
    asks about several roles, and one query answers them all."""
    codes = getattr(user, _CODES, None)
    if codes is None:
        codes = frozenset(user.groups.values_list("name", flat=True))
        setattr(user, _CODES, codes)
    return codes


def role_codes_forget(user) -> None:
    """After a change of ``user``'s roles: the next question reads them again."""
    if hasattr(user, _CODES):
        delattr(user, _CODES)


_AUTHORING = [
    "wagtailadmin.access_admin",
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]
_PLACES_VIEW = ["people.view_governorate", "people.view_organisation", "people.view_traininghub"]
_PLACES_MANAGE = [
    *_PLACES_VIEW,
    "people.add_organisation",
    "people.change_organisation",
    "people.add_traininghub",
    "people.change_traininghub",
]

# Course structure and cohorts in the Wagtail admin. Which rows a person reaches is decided by the
# admin views (courses/wagtail_hooks.py): an instructor only their courses' cohorts and structure,
# managers everything. Hub coordinators work on the site only (their hubs' rosters, requests and
# lists: courses/teaching/, courses/bulk/), so they hold no admin permission at all.
_COURSE_STRUCTURE = [
    f"courses.{action}_{model}"
    for model in ("coursemodule", "activity")
    for action in ("view", "add", "change", "delete")
]
_COHORTS_TEACH = ["courses.view_cohort", "courses.add_cohort", "courses.change_cohort"]
_COURSES_MANAGE = [
    *_COURSE_STRUCTURE,
    *_COHORTS_TEACH,
    "courses.delete_cohort",
    *(f"courses.{action}_topic" for action in ("view", "add", "change", "delete")),
]

# Content packages in the Wagtail admin (content/wagtail_hooks.py limits instructors to their own).
_PACKAGES_UPLOAD = [
    "content.view_contentpackage",
    "content.add_contentpackage",
    "content.change_contentpackage",
]
_PACKAGES_MANAGE = [*_PACKAGES_UPLOAD, "content.delete_contentpackage"]

# Reach targets of the reports (analytics), set by the director and programme managers.
_TARGETS = [f"analytics.{action}_target" for action in ("view", "add", "change", "delete")]

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.TRAINEE: [],
    Role.INSTRUCTOR: [*_AUTHORING, *_PLACES_VIEW, *_COURSE_STRUCTURE, *_COHORTS_TEACH, *_PACKAGES_UPLOAD],
    Role.MASTER_TRAINER: [*_AUTHORING, *_PLACES_VIEW, *_COURSE_STRUCTURE, *_COHORTS_TEACH, *_PACKAGES_UPLOAD],
    Role.HUB_COORDINATOR: [],
    Role.PROGRAMME_MANAGER: [
        *_AUTHORING,
        *_PLACES_MANAGE,
        "people.view_user",
        *_COURSES_MANAGE,
        *_PACKAGES_MANAGE,
        *_TARGETS,
    ],
    Role.CENTRE_DIRECTOR: [
        *_AUTHORING,
        *_PLACES_MANAGE,
        "people.view_user",
        *_COURSES_MANAGE,
        *_PACKAGES_MANAGE,
        *_TARGETS,
    ],
    Role.ADMINISTRATOR: [
        *_AUTHORING,
        *_PLACES_MANAGE,
        *_COURSES_MANAGE,
        *_PACKAGES_MANAGE,
        "people.view_user",
        "people.add_user",
        "people.change_user",
        "auth.view_group",
        "auth.change_group",
        "lms.change_centresettings",
    ],
}
