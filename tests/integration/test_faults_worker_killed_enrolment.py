"""The Celery worker killed (SIGKILL) in the middle of applying a bulk enrolment list: nothing of
the half-applied list stays, and the next worker applies it once — every row enrolled, no account
or enrolment twice (issue 15, faults under load). Beat's sweep leaves the list alone while the
worker applies it, and queues it again once the worker is gone, without waiting for the
visibility timeout (ADR 0025)."""

import time

import pytest
from django.core.cache import cache
from django.db.models import Count

from courses.bulk import services
from courses.models import BulkEnrolment, Cohort, Enrolment
from lms.people.models import Organisation, User
from lms.people.roles import Role
from tests.courses.bulk_files import csv_upload, staff_rows
from tests.courses.factories import CohortFactory
from tests.integration.workers import PRODUCTION_VISIBILITY_TIMEOUT, Blocker, wait_for
from tests.lms.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
Status = BulkEnrolment.Status
ROWS = 100


def _status(bulk: BulkEnrolment) -> str:
    return BulkEnrolment.objects.values_list("status", flat=True).get(pk=bulk.pk)


def test_a_list_whose_worker_is_killed_mid_application_is_applied_once_by_the_next(
    worker_processes, settings
):
    cache.clear()
    # The sweep considers a list as soon as its job was queued: only the row lock of the live
    # application keeps it away.
    settings.COURSES_BULK_STUCK_MINUTES = 0
    OrganisationFactory(
        name_ar="وزارة التخطيط", name_en="Ministry of Planning", kind=Organisation.Kind.MINISTRY
    )
    manager = UserFactory(role=Role.PROGRAMME_MANAGER)
    cohort = CohortFactory(capacity=ROWS + 10)
    emails = [row[2] for row in staff_rows(ROWS)]
    first = worker_processes("first")

    bulk = services.bulk_enrolment_upload(cohort=cohort, file=csv_upload(staff_rows(ROWS)), by=manager)
    services.bulk_enrolment_map(bulk=bulk, mapping=bulk.column_mapping)
    wait_for(lambda: _status(bulk) == Status.CHECKED, what="the dry run")
    bulk.refresh_from_db()
    assert bulk.summary["check"]["to_create"] == ROWS

    # The cohort's row is held elsewhere: the application creates the first chunk's accounts,
    # then waits to seat them — half-way, with uncommitted rows — and is killed there.
    blocker = Blocker()
    try:
        blocker.hold(f"SELECT 1 FROM {Cohort._meta.db_table} WHERE id = %s FOR UPDATE", (cohort.pk,))
        services.bulk_enrolment_confirm(bulk=bulk, by=manager)
        session = wait_for(blocker.waiting_writer, what="the application to stop at the cohort's lock")
        # A live worker applies it: beat's sweep does not queue it again.
        assert services.bulk_enrolments_resume() == []
        first.kill()
        blocker.release()
        wait_for(lambda: blocker.session_gone(session), what="PostgreSQL to end the killed worker's session")
    finally:
        blocker.close()

    # Nothing half-done: no account, no enrolment; the list is still to be applied.
    assert _status(bulk) == Status.APPLYING
    assert not User.objects.filter(email__in=emails).exists()
    assert not Enrolment.objects.filter(cohort=cohort).exists()

    # Beat's sweep queues it again; the next worker takes that, not the killed worker's message,
    # which production's visibility timeout keeps away for an hour.
    assert services.bulk_enrolments_resume() == [bulk.pk]
    worker_processes("second", visibility_timeout=PRODUCTION_VISIBILITY_TIMEOUT)
    wait_for(lambda: _status(bulk) == Status.APPLIED, what="the next worker to apply the list")
    resumed = time.monotonic() - first.killed_at

    bulk.refresh_from_db()
    people = User.objects.filter(email__in=emails)
    enrolments = Enrolment.objects.filter(cohort=cohort)
    accepted = enrolments.filter(user__in=people).values("user").distinct().count()
    duplicates = (
        enrolments.count() - accepted + people.count() - len(set(people.values_list("email", flat=True)))
    )
    # One application's history each: the killed one left none.
    histories = set(enrolments.annotate(n=Count("transitions")).values_list("n", flat=True))
    print(
        f"\nbulk enrolment, worker killed mid-list: sent {ROWS} rows, accepted {accepted}, "
        f"lost {ROWS - accepted}, duplicates {duplicates}; applied {resumed:.1f} s after the kill"
    )
    assert bulk.summary["result"]["created"] == ROWS
    assert (accepted, duplicates) == (ROWS, 0)
    assert people.count() == ROWS
    assert len(histories) == 1
