"""Plain data types that cross the ``lms.api`` door."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PlaceData:
    """A governorate or training hub, named in the active language."""

    id: int
    name: str


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
