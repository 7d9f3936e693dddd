"""Plain data types that cross the ``lms.api`` door."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PlaceData:
    """A governorate or training hub, named in the active language."""

    id: int
    name: str
    # A governorate's stable code (e.g. "basra"); empty for hubs and organisations.
    code: str = ""
    # A training hub's governorate.
    governorate_id: int | None = None


@dataclass(frozen=True)
class NewPersonData:
    """A person to create without a usable password (they choose one through a password reset)."""

    full_name_ar: str
    full_name_latin: str = ""
    email: str | None = None
    phone: str | None = None
    employee_number: str | None = None
    gender: str = ""
    organisation_id: int | None = None
    governorate_id: int | None = None
    job_title: str = ""


@dataclass(frozen=True)
class PersonData:
    """How to name and reach a person: names in both scripts, e-mail, phone (E.164), language."""

    id: int
    name_ar: str
    name_latin: str
    email: str
    phone: str
    language: str


@dataclass(frozen=True)
class PersonFactsData:
    """What reports count a person by: where they work, who they are, who trained them."""

    id: int
    governorate_id: int | None
    organisation_id: int | None
    gender: str
    role: str
    master_trainer_id: int | None


@dataclass(frozen=True)
class ContactData:
    """Where to send a person mail, and in which language."""

    id: int
    email: str | None
    language: str
