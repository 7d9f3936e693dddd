"""Read-side selectors of people and places for reports (``lms.api``), in bulk and set-based."""

from collections.abc import Iterable, Iterator

from django.db.models import Q

from lms.people.data import PersonFactsData, PlaceData
from lms.people.models import Organisation, TrainingHub, User
from lms.people.roles import Role

# A person holding several roles is counted under the first of these they hold.
ROLE_PRECEDENCE = (
    Role.CENTRE_DIRECTOR,
    Role.PROGRAMME_MANAGER,
    Role.MASTER_TRAINER,
    Role.INSTRUCTOR,
    Role.HUB_COORDINATOR,
    Role.ADMINISTRATOR,
)
CHUNK = 20_000


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def person_facts(*, user_ids: Iterable[int]) -> dict[int, PersonFactsData]:
    result: dict[int, PersonFactsData] = {}
    rank = {role.value: position for position, role in enumerate(ROLE_PRECEDENCE)}
    for chunk in _chunks(sorted(set(user_ids))):
        roles: dict[int, str] = {}
        for user_id, group in User.groups.through.objects.filter(user_id__in=chunk).values_list(
            "user_id", "group__name"
        ):
            if group in rank and rank[group] < rank.get(roles.get(user_id, ""), len(rank)):
                roles[user_id] = group
        rows = User.objects.filter(pk__in=chunk).values_list(
            "pk", "governorate_id", "organisation_id", "gender", "master_trainer_id"
        )
        for pk, governorate_id, organisation_id, gender, master_trainer_id in rows:
            result[pk] = PersonFactsData(
                id=pk,
                governorate_id=governorate_id,
                organisation_id=organisation_id,
                gender=gender,
                role=roles.get(pk, Role.TRAINEE.value),
                master_trainer_id=master_trainer_id,
            )
    return result


def people_named(*, user_ids: Iterable[int]) -> dict[int, str]:
    names: dict[int, str] = {}
    for chunk in _chunks(sorted(set(user_ids))):
        for user in User.objects.filter(pk__in=chunk).only(
            "full_name_ar", "full_name_latin", "email", "phone", "employee_number"
        ):
            names[user.pk] = user.get_full_name()
    return names


def organisations() -> list[PlaceData]:
    return [PlaceData(id=o.pk, name=o.name) for o in Organisation.objects.all()]


def hubs_coordinated_by(*, user_id: int) -> list[int]:
    return list(TrainingHub.objects.filter(coordinators=user_id).values_list("pk", flat=True))


def people_missing_place() -> list[tuple[int, bool, bool]]:
    """(person id, missing organisation, missing governorate) of active people lacking either."""
    rows = (
        User.objects.filter(is_active=True)
        .filter(Q(organisation__isnull=True) | Q(governorate__isnull=True))
        .values_list("pk", "organisation_id", "governorate_id")
        .order_by("pk")
    )
    return [(pk, organisation is None, governorate is None) for pk, organisation, governorate in rows]
