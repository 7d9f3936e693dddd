"""Beat's sweep of bulk-enrolment lists whose worker was lost: only a list still checking or
applying long after its job was queued is queued again, once a period, and the job queued again
finishes it; a fresh, a finished or a running list is left alone (ADR 0025)."""

import datetime

import pytest
from celery import current_app
from django.core.cache import cache
from django.utils import timezone

from courses.apps import BULK_RESUME_SWEEP_SECONDS
from courses.bulk import live, services
from courses.models import BulkEnrolment, Enrolment
from lms.people.models import Organisation
from lms.people.roles import Role
from tests.courses.bulk_files import csv_upload, staff_rows
from tests.courses.factories import CohortFactory
from tests.lms.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = BulkEnrolment.Status
STUCK = datetime.timedelta(minutes=10)


@pytest.fixture(autouse=True)
def _fresh(settings):
    cache.clear()
    settings.COURSES_BULK_CHUNK_ROWS = 3
    settings.COURSES_BULK_STUCK_MINUTES = 10


@pytest.fixture
def manager(db):
    return UserFactory(role=Role.PROGRAMME_MANAGER)


@pytest.fixture
def cohort(db):
    OrganisationFactory(
        name_ar="وزارة التخطيط", name_en="Ministry of Planning", kind=Organisation.Kind.MINISTRY
    )
    return CohortFactory(capacity=100)


def _list(cohort, manager, status: str, *, queued_minutes_ago: float | None) -> BulkEnrolment:
    queued_at = (
        None
        if queued_minutes_ago is None
        else timezone.now() - datetime.timedelta(minutes=queued_minutes_ago)
    )
    return BulkEnrolment.objects.create(
        cohort=cohort, created_by=manager, original_name="list.csv", status=status, queued_at=queued_at
    )


def _confirmed_with_its_job_lost(cohort, manager, django_capture_on_commit_callbacks) -> BulkEnrolment:
    """A checked list confirmed whose application never ran: its worker was killed."""
    bulk = services.bulk_enrolment_upload(cohort=cohort, file=csv_upload(list(staff_rows(5))), by=manager)
    with django_capture_on_commit_callbacks(execute=True):
        services.bulk_enrolment_map(bulk=bulk, mapping=bulk.column_mapping)
    bulk.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=False):
        services.bulk_enrolment_confirm(bulk=bulk, by=manager)
    bulk.refresh_from_db()
    assert bulk.status == Status.APPLYING
    return bulk


def _age(bulk: BulkEnrolment, by: datetime.timedelta) -> None:
    BulkEnrolment.objects.filter(pk=bulk.pk).update(queued_at=timezone.now() - by)


def test_a_list_whose_worker_was_lost_is_applied_by_the_job_queued_again(
    cohort, manager, django_capture_on_commit_callbacks
):
    bulk = _confirmed_with_its_job_lost(cohort, manager, django_capture_on_commit_callbacks)
    # Just queued: its job may still be waiting in the queue.
    with django_capture_on_commit_callbacks(execute=True) as queued:
        assert services.bulk_enrolments_resume() == []
    assert queued == []

    _age(bulk, STUCK + datetime.timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert services.bulk_enrolments_resume() == [bulk.pk]
    assert len(queued) == 1
    with django_capture_on_commit_callbacks(execute=True):
        queued[0]()
    bulk.refresh_from_db()
    assert bulk.status == Status.APPLIED
    assert bulk.summary["result"]["created"] == 5
    assert Enrolment.objects.filter(cohort=cohort).count() == 5

    # Its work done, nothing is queued again, however long after.
    _age(bulk, 10 * STUCK)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        assert services.bulk_enrolments_resume() == []
    assert queued == []


def test_only_lists_checking_or_applying_long_after_their_job_was_queued_are_queued_again(
    cohort, manager, django_capture_on_commit_callbacks
):
    old = 11
    stuck = [
        _list(cohort, manager, Status.APPLYING, queued_minutes_ago=old),
        _list(cohort, manager, Status.CHECKING, queued_minutes_ago=old),
        # Confirmed before the time of queueing was recorded.
        _list(cohort, manager, Status.APPLYING, queued_minutes_ago=None),
    ]
    running_check = _list(cohort, manager, Status.CHECKING, queued_minutes_ago=old)
    live.heartbeat(running_check.pk)
    for status in (Status.UPLOADED, Status.CHECKED, Status.APPLIED, Status.FAILED, Status.CANCELLED):
        _list(cohort, manager, status, queued_minutes_ago=old)
    _list(cohort, manager, Status.APPLYING, queued_minutes_ago=9)
    _list(cohort, manager, Status.CHECKING, queued_minutes_ago=9)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert services.bulk_enrolments_resume() == [bulk.pk for bulk in stuck]
    assert len(queued) == len(stuck)


def test_a_list_queued_again_is_queued_once_a_period_while_it_waits(
    cohort, manager, django_capture_on_commit_callbacks
):
    bulk = _list(cohort, manager, Status.APPLYING, queued_minutes_ago=11)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert services.bulk_enrolments_resume() == [bulk.pk]
        # Beat's next minutes: its job queued again is waiting in the queue.
        assert services.bulk_enrolments_resume() == []
        assert services.bulk_enrolments_resume() == []
    assert len(queued) == 1

    _age(bulk, STUCK + datetime.timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert services.bulk_enrolments_resume() == [bulk.pk]
    assert len(queued) == 1


def test_the_period_is_the_setting(cohort, manager, settings):
    settings.COURSES_BULK_STUCK_MINUTES = 30
    _list(cohort, manager, Status.APPLYING, queued_minutes_ago=11)
    assert services.bulk_enrolments_resume() == []


def test_confirming_and_mapping_record_when_the_job_was_queued(
    cohort, manager, django_capture_on_commit_callbacks
):
    before = timezone.now()
    bulk = _confirmed_with_its_job_lost(cohort, manager, django_capture_on_commit_callbacks)
    assert bulk.queued_at >= before


def test_the_sweep_is_on_the_beat_schedule_every_minute():
    entries = [
        entry
        for entry in current_app.conf.beat_schedule.values()
        if entry["task"] == "courses.bulk_enrolments_resume"
    ]
    assert entries == [{"task": "courses.bulk_enrolments_resume", "schedule": BULK_RESUME_SWEEP_SECONDS}]
    assert BULK_RESUME_SWEEP_SECONDS <= 60
