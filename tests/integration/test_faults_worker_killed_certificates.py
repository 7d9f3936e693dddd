"""The Celery worker killed (SIGKILL) in the middle of issuing a cohort's certificates: the chunk
it was making is rolled back whole, and the next worker issues every certificate once — one row,
one PDF file and one "issued" entry each, no file left over (issue 15, faults under load)."""

from pathlib import Path

import pytest
from django.conf import settings

from certification.credentials.models import Certificate, CertificateChange, IssuingRule
from certification.credentials.services import certificates_issue_for_cohort
from courses import api as courses_api
from courses.enrolment.services import enrolment_request
from courses.models import Cohort
from tests.certification.factories import course_with_rule
from tests.integration.workers import Blocker, after_visibility_timeout, wait_for
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
State = Certificate.State
# More than one chunk of renders (RENDER_CHUNK, 25 a task).
TRAINEES = 30


def _files() -> set[str]:
    return {
        f"certificates/{path.name}" for path in (Path(settings.MEDIA_ROOT) / "certificates").glob("*.pdf")
    }


def test_a_cohorts_certificates_whose_worker_is_killed_mid_chunk_are_issued_once(worker_processes):
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

    # The history table is held elsewhere: the first chunk makes its PDFs (files written, rows
    # updated, uncommitted), then waits to record the changes, and is killed there.
    blocker = Blocker()
    try:
        blocker.hold(f"LOCK TABLE {CertificateChange._meta.db_table} IN SHARE MODE")
        first = worker_processes("first")
        session = wait_for(blocker.waiting_writer, what="a chunk to stop at the history table's lock")
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

    after_visibility_timeout(first)
    worker_processes("second")
    wait_for(
        lambda: not certificates.filter(state=State.PENDING).exists(),
        what="the next worker to issue them all",
    )

    issued = certificates.filter(state=State.ISSUED)
    changes = CertificateChange.objects.filter(certificate__in=certificates, to_state=State.ISSUED)
    accepted = issued.values("enrolment").distinct().count()
    duplicates = certificates.count() - accepted + changes.count() - accepted
    print(
        f"\ncertificates for a cohort, worker killed mid-chunk: sent {TRAINEES}, accepted {accepted}, "
        f"lost {TRAINEES - accepted}, duplicates {duplicates}"
    )
    assert (accepted, duplicates) == (TRAINEES, 0)
    # One file each, where its row says, and none left over from the killed chunk.
    names = set(issued.values_list("pdf", flat=True))
    assert len(names) == TRAINEES
    assert _files() - files_before == names
