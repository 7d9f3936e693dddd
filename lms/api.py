"""The door of ``lms`` (people and places) for the other apps: use nothing else of it.

Foreign keys to its models use string references: ``"people.User"``, ``"people.Governorate"``,
``"people.Organisation"``, ``"people.TrainingHub"``.
"""

from django.contrib.auth.base_user import AbstractBaseUser

from lms.admin_ui import FlagColumn
from lms.people.data import PlaceData
from lms.people.models import Governorate, TrainingHub
from lms.people.roles import Role

__all__ = ["FlagColumn", "PlaceData", "Role", "governorates", "training_hubs", "user_has_role"]


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
