"""Plain data types that cross the ``lms.api`` door."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PlaceData:
    """A governorate or training hub, named in the active language."""

    id: int
    name: str


@dataclass(frozen=True)
class PersonData:
    """How to name and reach a person: names in both scripts, e-mail, phone (E.164), language."""

    id: int
    name_ar: str
    name_latin: str
    email: str
    phone: str
    language: str
