"""Use cases that change people and their roles. One function each, keyword-only, atomic."""

from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from lms.people.models import User
from lms.people.roles import ROLE_PERMISSIONS, Role


def roles_sync() -> list[Group]:
    """Create or update one group per role with exactly the permissions of ``ROLE_PERMISSIONS``."""
    groups = []
    with transaction.atomic():
        for role, names in ROLE_PERMISSIONS.items():
            group, _ = Group.objects.get_or_create(name=role.value)
            group.permissions.set(_permissions_named(names))
            groups.append(group)
    return groups


def roles_sync_after_migrate(**kwargs: Any) -> None:
    roles_sync()


def _permissions_named(names: list[str]) -> list[Permission]:
    wanted = {tuple(name.split(".", 1)) for name in names}
    apps = {app for app, _ in wanted}
    found = Permission.objects.filter(content_type__app_label__in=apps).select_related("content_type")
    return [p for p in found if (p.content_type.app_label, p.codename) in wanted]


def user_role_grant(*, user: User, role: Role) -> User:
    group, _ = Group.objects.get_or_create(name=role.value)
    user.groups.add(group)
    return user


@transaction.atomic
def profile_update(*, user: User, **fields: Any) -> User:
    """Save a person's own profile fields, validated as a whole."""
    for name, value in fields.items():
        setattr(user, name, value)
    user.full_clean()
    user.save()
    return user


def preferred_language_set(*, user: User, language: str) -> User:
    user.preferred_language = language
    user.full_clean(validate_unique=False, validate_constraints=False)
    user.save(update_fields=["preferred_language"])
    return user
