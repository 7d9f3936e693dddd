"""The courses demo, in order: the catalogue and cohorts, the pages' content, then attendance, then a
bulk enrolment, then two years of history for the reports."""

from courses.attendance import demo as demo_attendance
from courses.bulk import demo as demo_bulk
from courses.catalogue import demo as demo_catalogue
from courses.catalogue.listing import catalogue_listing_forget
from courses.enrolment import demo_history
from courses.learning import demo as demo_learning


def load() -> list[str]:
    lines = [
        *demo_catalogue.load(),
        *demo_learning.load(),
        *demo_attendance.load(),
        *demo_bulk.load(),
        *demo_history.load(),
    ]
    # The history's cohorts are inserted in bulk, which sends no signal.
    catalogue_listing_forget()
    return lines
