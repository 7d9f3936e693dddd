"""Plain data types that cross the ``lms.api`` door."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PlaceData:
    """A governorate or training hub, named in the active language."""

    id: int
    name: str
