"""Plain data types that cross the ``content.api`` door."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PackageEngagementData:
    """How much a content package was used: people, attempts, completions, time and statements."""

    package_id: int
    title: str
    people: int
    attempts: int
    completed: int
    total_seconds: int
    statements: int
