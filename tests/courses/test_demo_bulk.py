"""The bulk enrolment demo: one applied list of Ministry of Planning staff, loaded once."""

import pytest

from courses.bulk import demo as demo_bulk
from courses.models import BulkEnrolment
from lms.people import demo as people_demo

pytestmark = pytest.mark.django_db


def test_the_demo_list_is_applied_once(django_capture_on_commit_callbacks):
    people_demo.load()
    with django_capture_on_commit_callbacks(execute=True):
        assert demo_bulk.load() == []
        demo_bulk.load()
    bulk = BulkEnrolment.objects.get()
    assert bulk.status == BulkEnrolment.Status.APPLIED, bulk.error
    assert bulk.summary["result"] == {
        "created": 20,
        "matched": 1,
        "enrolled": 21,
        "waitlisted": 0,
        "skipped": 1,
    }
    assert [entry["row"] for entry in bulk.report] == [23]
    assert bulk.cohort.enrolments.count() == 21
