"""The door of ``lms`` (people and places) for the other apps: use nothing else of it.

Foreign keys to its models use string references: ``"people.User"``, ``"people.Governorate"``,
``"people.Organisation"``, ``"people.TrainingHub"``.
"""

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser

from lms.people import facts
from lms.people.data import ContactData, PersonFactsData, PlaceData
from lms.people.models import Governorate, TrainingHub, User
from lms.people.roles import Role

__all__ = [
    "ContactData",
    "PersonFactsData",
    "PlaceData",
    "Role",
    "demo_history_people",
    "governorates",
    "hubs_coordinated_by",
    "organisations",
    "people_missing_place",
    "people_named",
    "people_with_role",
    "person_facts",
    "training_hubs",
    "user_has_role",
]


def user_has_role(*, user: AbstractBaseUser, role: Role) -> bool:
    """Whether ``user`` holds ``role`` (superusers hold every role)."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=role.value).exists()


def governorates() -> list[PlaceData]:
    return [PlaceData(id=g.pk, name=g.name, code=g.code) for g in Governorate.objects.all()]


def training_hubs(*, governorate_id: int | None = None, include_inactive: bool = False) -> list[PlaceData]:
    hubs = TrainingHub.objects.all() if include_inactive else TrainingHub.objects.filter(is_active=True)
    if governorate_id is not None:
        hubs = hubs.filter(governorate_id=governorate_id)
    return [PlaceData(id=h.pk, name=h.name, governorate_id=h.governorate_id) for h in hubs]


def organisations() -> list[PlaceData]:
    """Every organisation, named in the active language."""
    return facts.organisations()


def person_facts(*, user_ids: Iterable[int]) -> dict[int, PersonFactsData]:
    """Governorate, organisation, gender, main role and master trainer of each person, by id."""
    return facts.person_facts(user_ids=user_ids)


def people_named(*, user_ids: Iterable[int]) -> dict[int, str]:
    """Each person's display name in the active language, by id (personal data: callers check)."""
    return facts.people_named(user_ids=user_ids)


def hubs_coordinated_by(*, user_id: int) -> list[int]:
    """The ids of the training hubs the person coordinates."""
    return facts.hubs_coordinated_by(user_id=user_id)


def people_missing_place() -> list[tuple[int, bool, bool]]:
    """Active people whose profile lacks an organisation or a governorate:
    ``(person id, organisation missing, governorate missing)``, by id."""
    return facts.people_missing_place()


def people_with_role(*, role: Role) -> list[ContactData]:
    """The active people holding ``role``, with their e-mail address and language."""
    people = User.objects.filter(is_active=True, groups__name=role.value).distinct()
    return [ContactData(id=p.pk, email=p.email, language=p.preferred_language) for p in people]


def demo_history_people() -> tuple[list[int], list[int]]:
    """The demo history's (trainer ids, official ids), for the demos of higher apps."""
    from lms.people import demo_history

    return demo_history.history_people()
