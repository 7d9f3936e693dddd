"""The courses demo, in order: the catalogue and cohorts, then attendance, then a bulk enrolment."""

from courses import demo_attendance, demo_bulk, demo_catalogue


def load() -> list[str]:
    return [*demo_catalogue.load(), *demo_attendance.load(), *demo_bulk.load()]
