"""The Celery worker killed (SIGKILL) in the middle of issuing a cohort's certificates: the chunk
it was making is rolled back whole, and the next worker issues every certificate once — one row,
one PDF file and one "issued" entry each, no file left over (issue 15, faults under load). Beat's
sweep leaves the certificates alone while the worker makes them, and queues them again once the
worker is gone, without waiting for the visibility timeout (ADR 0025)."""

import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from certification.credentials.models import Certificate, CertificateChange, IssuingRule
from certification.credentials.services import certificates_issue_for_cohort, certificates_pending_resume
from certification.credentials.services.issuing import RENDER_CHUNK
from courses import api as courses_api
from courses.enrolment.services import enrolment_request
from courses.models import Cohort
from tests.certification.factories import course_with_rule
from tests.integration.workers import PRODUCTION_VISIBILITY_TIMEOUT, Blocker, wait_for
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
State = Certificate.State
TRAINEES = 30


def _files() -> set[str]:
    return {
        f"certificates/{path.name}"
        for path in (Path(django_settings.MEDIA_ROOT) / "certificates").glob("*.pdf")
    }


def test_a_cohorts_certificates_whose_worker_is_killed_mid_chunk_are_issued_once(worker_processes, settings):
    # The sweep considers a certificate as soon as its render was queued: only the row locks of
    # the live worker's chunk keep it away.
    settings.CERTIFICATION_PENDING_STUCK_MINUTES = 0
    rule, activity, cohort = course_with_rule(is_active=False)
    Cohort.objects.filter(pk=cohort.pk).update(capacity=TRAINEES)
    instructor = UserFactory()
    cohort.instructors.add(instructor)
    for n in range(TRAINEES):
        user = UserFactory(full_name_ar=f"متدرب رقم {n}", full_name_latin=f"Trainee {n}")
        enrolment_request(user=user, cohort=cohort)
        courses_api.activity_result_record(user_id=user.pk, activity_id=activity.pk, score=90, completed=True)
    IssuingRule.objects.filter(pk=rule.pk).update(is_active=True)
    files_before = _files()

    # Issued with no worker running: the render chunks wait in the queue.
    summary = certificates_issue_for_cohort(cohort_id=cohort.pk, by=instructor)
    assert len(summary.issued) == TRAINEES
    ids = sorted(certificate.pk for certificate in summary.issued)

    # The history table is held elsewhere: the first chunk makes its PDFs (files written, rows
    # updated, uncommitted), then waits to record the changes, and is killed there.
    blocker = Blocker()
    try:
        blocker.hold(f"LOCK TABLE {CertificateChange._meta.db_table} IN SHARE MODE")
        first = worker_processes("first")
        session = wait_for(blocker.waiting_writer, what="a chunk to stop at the history table's lock")
        # Beat's sweep does not queue again the chunk a live worker is making (the first).
        assert certificates_pending_resume() == ids[RENDER_CHUNK:]
        first.kill()
        left_behind = _files() - files_before
        blocker.release()
        wait_for(lambda: blocker.session_gone(session), what="PostgreSQL to end the killed worker's session")
    finally:
        blocker.close()

    # Nothing half-done in the database: every certificate is still pending, none issued.
    certificates = Certificate.objects.filter(enrolment__cohort=cohort)
    assert set(certificates.values_list("state", flat=True)) == {State.PENDING}
    assert not CertificateChange.objects.filter(certificate__in=certificates, to_state=State.ISSUED).exists()
    assert left_behind  # the killed chunk's PDFs, written before its commit

    # Beat's sweep queues them again; the next worker takes that, not the killed worker's message,
    # which production's visibility timeout keeps away for an hour.
    assert certificates_pending_resume() == ids[:RENDER_CHUNK]
    worker_processes("second", visibility_timeout=PRODUCTION_VISIBILITY_TIMEOUT)
    wait_for(
        lambda: not certificates.filter(state=State.PENDING).exists(),
        what="the next worker to issue them all",
    )
    resumed = time.monotonic() - first.killed_at

    issued = certificates.filter(state=State.ISSUED)
    changes = CertificateChange.objects.filter(certificate__in=certificates, to_state=State.ISSUED)
    accepted = issued.values("enrolment").distinct().count()
    duplicates = certificates.count() - accepted + changes.count() - accepted
    print(
        f"\ncertificates for a cohort, worker killed mid-chunk: sent {TRAINEES}, accepted {accepted}, "
        f"lost {TRAINEES - accepted}, duplicates {duplicates}; issued {resumed:.1f} s after the kill"
    )
    assert (accepted, duplicates) == (TRAINEES, 0)
    # One file each, where its row says, and none left over from the killed chunk.
    names = set(issued.values_list("pdf", flat=True))
    assert len(names) == TRAINEES
    assert _files() - files_before == names
