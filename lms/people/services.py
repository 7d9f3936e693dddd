"""Use cases that change people and their roles. One function each, keyword-only, atomic."""

import hashlib
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import transaction

from lms.people.auth import identifier_normalise
from lms.people.data import NewPersonData
from lms.people.models import User
from lms.people.roles import ROLE_PERMISSIONS, Role, role_codes_forget


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


@transaction.atomic
def people_create_many(*, people: list[NewPersonData]) -> list[User]:
    """Create many accounts in one statement (bulk enrolment), each without a usable password.

    The caller has checked the rows (identifiers well-formed and not taken); the database's
    unique constraints still refuse a duplicate, and then nobody is created.
    """
    return User.objects.bulk_create(
        [
            User(
                email=person.email or None,
                phone=person.phone or None,
                employee_number=person.employee_number or None,
                full_name_ar=person.full_name_ar,
                full_name_latin=person.full_name_latin,
                gender=person.gender,
                organisation_id=person.organisation_id,
                governorate_id=person.governorate_id,
                job_title=person.job_title,
                password=make_password(None),
            )
            for person in people
        ]
    )


def user_role_grant(*, user: User, role: Role) -> User:
    group, _ = Group.objects.get_or_create(name=role.value)
    user.groups.add(group)
    role_codes_forget(user)
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


def password_reset_allowance_take(*, email: str) -> bool:
    """Count one password-reset e-mail to ``email``; False once the hour's allowance is spent.

    Counted by the address as typed and normalised (whether or not an account has it, so the
    answer tells nothing about accounts), not by the client's address: a training hub's trainees
    share one NAT address, and behind the reverse proxy every request comes from the proxy.
    """
    digest = hashlib.sha256(identifier_normalise(email).encode()).hexdigest()
    key = f"people:password-reset:{digest}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    return count <= settings.PEOPLE_PASSWORD_RESETS_PER_HOUR
