"""Who may add, edit and publish pages in the catalogue: Wagtail page permissions of the roles.

Model permissions of the roles live in ``lms.people.roles``; page permissions belong to a page,
so they are granted here on each catalogue index page, whenever one is created (a new site or a
translation of the catalogue) and after every migration. Granting only adds what is missing, so
a permission an administrator added by hand is kept.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupPagePermission

from courses.models import CatalogueIndexPage
from lms.api import Role

_AUTHOR = ("add_page", "change_page", "publish_page")
_EDITOR = (*_AUTHOR, "lock_page", "unlock_page")

CATALOGUE_PAGE_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    # Instructors write and publish courses (issue 3, acceptance 1); which existing pages they may
    # change is narrowed by courses.access.catalogue_page_editable_by (the courses they teach).
    Role.INSTRUCTOR: _AUTHOR,
    Role.MASTER_TRAINER: _AUTHOR,
    Role.PROGRAMME_MANAGER: _EDITOR,
    Role.CENTRE_DIRECTOR: _EDITOR,
    Role.ADMINISTRATOR: (*_EDITOR, "delete_page", "bulk_delete_page"),
}


@transaction.atomic
def catalogue_permissions_grant(*, catalogue: CatalogueIndexPage | None = None) -> int:
    """Give each role its page permissions on ``catalogue`` (default: every catalogue page).

    Returns how many permissions were added.
    """
    catalogues = [catalogue] if catalogue is not None else list(CatalogueIndexPage.objects.all())
    if not catalogues:
        return 0
    permissions = {
        p.codename: p
        for p in Permission.objects.filter(content_type__app_label="wagtailcore", content_type__model="page")
    }
    added = 0
    for role, codenames in CATALOGUE_PAGE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        for page in catalogues:
            for codename in codenames:
                if codename not in permissions:
                    continue  # before wagtailcore's permissions exist (a fresh database mid-migration)
                _, created = GroupPagePermission.objects.get_or_create(
                    group=group, page=page, permission=permissions[codename]
                )
                added += created
    return added


def catalogue_permissions_after_migrate(**kwargs) -> None:
    catalogue_permissions_grant()


def catalogue_permissions_on_create(
    *, instance: CatalogueIndexPage, created: bool, raw: bool = False, **kwargs
) -> None:
    if created and not raw:
        catalogue_permissions_grant(catalogue=instance)
