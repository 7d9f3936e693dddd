"""The door of ``lms`` (people and places) for the other apps: use nothing else of it.

Foreign keys to its models use string references: ``"people.User"``, ``"people.Governorate"``,
``"people.Organisation"``, ``"people.TrainingHub"``.
"""

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser

from lms.people.data import PersonData, PlaceData
from lms.people.models import Governorate, TrainingHub, User
from lms.people.roles import Role

__all__ = [
    "PersonData",
    "PlaceData",
    "Role",
    "governorates",
    "people",
    "person_by_email",
    "training_hubs",
    "user_has_role",
]


def user_has_role(*, user: AbstractBaseUser, role: Role) -> bool:
    """Whether ``user`` holds ``role`` (superusers hold every role)."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=role.value).exists()


def governorates() -> list[PlaceData]:
    return [PlaceData(id=g.pk, name=g.name) for g in Governorate.objects.all()]


def training_hubs(*, governorate_id: int | None = None) -> list[PlaceData]:
    hubs = TrainingHub.objects.filter(is_active=True)
    if governorate_id is not None:
        hubs = hubs.filter(governorate_id=governorate_id)
    return [PlaceData(id=h.pk, name=h.name) for h in hubs]


def people(*, user_ids: Iterable[int]) -> dict[int, PersonData]:
    """Names and contact details of people, by id (an Arabic-script name falls back to the identifier)."""
    return {
        u.pk: PersonData(
            id=u.pk,
            name_ar=u.full_name_ar or u.full_name_latin or u.identifier,
            name_latin=u.full_name_latin,
            email=u.email or "",
            phone=u.phone.as_e164 if u.phone else "",
            language=u.preferred_language,
        )
        for u in User.objects.filter(pk__in=list(user_ids))
    }


def person_by_email(*, email: str) -> PersonData | None:
    """The person with this e-mail address, if any."""
    user = User.objects.filter(email=email).first()
    return people(user_ids=[user.pk])[user.pk] if user else None
