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

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.TRAINEE: [],
    Role.INSTRUCTOR: [*_AUTHORING, *_PLACES_VIEW],
    Role.MASTER_TRAINER: [*_AUTHORING, *_PLACES_VIEW],
    Role.HUB_COORDINATOR: [*_PLACES_VIEW],
    Role.PROGRAMME_MANAGER: [*_AUTHORING, *_PLACES_MANAGE, "people.view_user"],
    Role.CENTRE_DIRECTOR: [*_AUTHORING, *_PLACES_MANAGE, "people.view_user"],
    Role.ADMINISTRATOR: [
        *_AUTHORING,
        *_PLACES_MANAGE,
        "people.view_user",
        "people.add_user",
        "people.change_user",
        "auth.view_group",
        "auth.change_group",
        "lms.change_centresettings",
    ],
}
