"""The door of ``lms`` (people and places) for the other apps: use nothing else of it.

Foreign keys to its models use string references: ``"people.User"``, ``"people.Governorate"``,
``"people.Organisation"``, ``"people.TrainingHub"``. Accounts are created, found and named only
here (tests/test_architecture.py holds other apps to it).
"""

from collections.abc import Iterable
from typing import Literal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower

from lms.admin_ui import FlagColumn
from lms.caching import cached, cached_forget, cached_many
from lms.deployment import DeployContext, DeployProblem, DeployWarning, deploy_check_register
from lms.errors import storage_outage_answer
from lms.pagecache import (
    page_cache_depends,
    page_cache_depends_always,
    page_cache_keep,
    page_cache_may_keep,
    person_pages_forget,
)
from lms.people import facts
from lms.people.data import ContactData, NewPersonData, PersonData, PersonFactsData, PlaceData
from lms.people.models import Governorate, Organisation, TrainingHub, User
from lms.people.roles import Role, role_codes
from lms.people.services import people_create_many
from lms.people.signals import person_shown_changed, places_changed
from lms.storage import storage_out_of_reach, stored_file_put, stored_file_response

__all__ = [
    "ContactData",
    "DeployContext",
    "DeployProblem",
    "DeployWarning",
    "FlagColumn",
    "NewPersonData",
    "PersonData",
    "PersonFactsData",
    "PlaceData",
    "Role",
    "cached",
    "cached_forget",
    "cached_many",
    "demo_history_people",
    "deploy_check_register",
    "display_name",
    "governorate_name_rows",
    "governorates",
    "hubs_coordinated_by",
    "organisation_name_rows",
    "organisations",
    "page_cache_depends",
    "page_cache_depends_always",
    "page_cache_keep",
    "page_cache_may_keep",
    "people",
    "people_by_email_domain",
    "people_by_id",
    "people_create_many",
    "people_matching",
    "people_missing_place",
    "people_named",
    "people_with_role",
    "people_with_roles",
    "person_by_email",
    "person_by_id",
    "person_facts",
    "person_pages_forget",
    "person_shown_changed",
    "places_changed",
    "storage_out_of_reach",
    "storage_outage_answer",
    "stored_file_put",
    "stored_file_response",
    "training_hubs",
    "user_has_role",
]


def user_has_role(*, user: AbstractBaseUser, role: Role) -> bool:
    """Whether ``user`` holds ``role`` (superusers hold every role).

    The person's roles are read once per user object (one query), as Django caches permissions on
    it: every page's navigation asks about several roles. ``user_role_grant`` clears the cache."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or role.value in role_codes(user)


def governorates() -> list[PlaceData]:
    return [PlaceData(id=g.pk, name=g.name, code=g.code) for g in Governorate.objects.all()]


def training_hubs(*, governorate_id: int | None = None, include_inactive: bool = False) -> list[PlaceData]:
    hubs = TrainingHub.objects.all() if include_inactive else TrainingHub.objects.filter(is_active=True)
    if governorate_id is not None:
        hubs = hubs.filter(governorate_id=governorate_id)
    return [PlaceData(id=h.pk, name=h.name, governorate_id=h.governorate_id) for h in hubs]


def organisation_name_rows() -> list[tuple[int, str, str, str]]:
    """Every organisation as (id, Arabic, English, Kurdish name), to recognise one in a file."""
    return list(Organisation.objects.values_list("pk", "name_ar", "name_en", "name_ckb"))


def governorate_name_rows() -> list[tuple[int, str, str, str, str]]:
    """Every governorate as (id, Arabic, English, Kurdish name, code), to recognise one in a file."""
    return list(Governorate.objects.values_list("pk", "name_ar", "name_en", "name_ckb", "code"))


def display_name(*, user: AbstractBaseUser, script: Literal["arabic", "latin"] = "arabic") -> str:
    """How a person is named to others: their name in ``script``, else in the other, else ``#<id>``.

    Never an identifier (an e-mail address or phone number), since content packages and external
    LRSs receive the name too; content asks for ``latin`` (SCORM's learner name, xAPI agents).
    """
    names = [getattr(user, "full_name_ar", ""), getattr(user, "full_name_latin", "")]
    if script == "latin":
        names.reverse()
    return next((name for name in names if name), f"#{user.pk}")


def person_by_id(*, person_id: int | None) -> User | None:
    return User.objects.filter(pk=person_id).first() if person_id else None


def people_by_id(*, ids: Iterable[int]) -> dict[int, User]:
    return User.objects.in_bulk(list(ids))


def people_by_email_domain(*, domain: str) -> list[User]:
    """The people whose e-mail address ends in ``@domain`` (in any case), by id: the demos' people."""
    return list(User.objects.filter(email__iendswith=f"@{domain}").order_by("pk"))


def people_matching(
    *, emails: Iterable[str] = (), phones: Iterable[str] = (), employee_numbers: Iterable[str] = ()
) -> dict[tuple[str, str], int]:
    """Accounts already holding any of these identifiers: (kind, value) → account id.

    E-mail addresses match in lower case (pass them lower-cased), phone numbers in E.164.
    """
    found: dict[tuple[str, str], int] = {}
    employee_numbers, emails, phones = set(employee_numbers), set(emails), set(phones)
    if employee_numbers:
        rows = User.objects.filter(employee_number__in=employee_numbers).values_list("employee_number", "pk")
        found.update({("employee_number", value): pk for value, pk in rows})
    if emails:
        rows = (
            User.objects.annotate(email_lower=Lower("email"))
            .filter(email_lower__in=emails)
            .values_list("email_lower", "pk")
        )
        found.update({("email", value): pk for value, pk in rows})
    if phones:
        rows = User.objects.filter(phone__in=phones).values_list("phone", "pk")
        found.update({("phone", str(value)): pk for value, pk in rows})
    return found


def people_with_roles(*, roles: Iterable[Role], also_ids: Iterable[int] = ()) -> QuerySet[User]:
    """The people holding any of ``roles`` (superusers too), plus ``also_ids``: a form's choices.

    A QuerySet, not data, because a form's model choice field needs one.
    """
    chosen = Q(groups__name__in=[role.value for role in roles]) | Q(is_superuser=True)
    also = list(also_ids)
    if also:
        chosen |= Q(pk__in=also)
    return User.objects.filter(pk__in=User.objects.filter(chosen).values("pk"))


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
