"""Issuing twice makes one certificate: the signal received twice, the issuing run by two
workers at once, the render task retried and run again by the real Celery worker (PostgreSQL)."""

import time

import pytest

from certification.credentials.models import Certificate, CertificateChange, IssuingRule
from certification.credentials.services import (
    certificate_issue_for_enrolment,
    certificate_render,
    certificates_issue_for_cohort,
)
from certification.credentials.tasks import certificate_render_task
from courses import api as courses_api
from courses.enrolment.services import enrolment_request
from tests.certification.factories import course_with_rule
from tests.integration.concurrency import concurrently
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _issued(enrolment_id: int, timeout: float = 90) -> Certificate:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        certificate = Certificate.objects.filter(enrolment_id=enrolment_id).first()
        if certificate is not None and certificate.state != Certificate.State.PENDING:
            return certificate
        time.sleep(0.2)
    raise AssertionError(f"no certificate issued for enrolment {enrolment_id} after {timeout} s")


def test_signal_twice_two_workers_and_a_retried_task_make_one_certificate(celery_worker):
    _rule, activity, cohort = course_with_rule()
    user = UserFactory(full_name_ar="زينب حسن", full_name_latin="Zainab Hasan")
    enrolment = enrolment_request(user=user, cohort=cohort)

    # Completing the course (committed) writes the pending row; the worker makes the PDF.
    courses_api.activity_result_record(user_id=user.pk, activity_id=activity.pk, score=90, completed=True)
    certificate = _issued(enrolment.pk)
    assert certificate.state == Certificate.State.ISSUED

    # The signal arrives again, twice at once (two workers handling a redelivered message).
    errors = concurrently(*[lambda: certificate_issue_for_enrolment(enrolment_id=enrolment.pk)] * 2)
    assert errors == []
    # The render task retried: queued again, run by the real worker, and by two threads at once.
    results = [certificate_render_task.delay(certificate_id=certificate.pk) for _ in range(3)]
    for result in results:
        result.get(timeout=60)
    assert concurrently(*[lambda: certificate_render(certificate_id=certificate.pk)] * 2) == []

    assert Certificate.objects.filter(enrolment_id=enrolment.pk).count() == 1
    assert CertificateChange.objects.filter(certificate=certificate, to_state="issued").count() == 1


def test_two_workers_issuing_the_same_enrolments_at_once_make_one_certificate_each(celery_worker):
    rule, activity, cohort = course_with_rule(is_active=False)
    instructor = UserFactory()
    cohort.instructors.add(instructor)
    enrolments = []
    for _ in range(3):
        user = UserFactory()
        enrolments.append(enrolment_request(user=user, cohort=cohort))
        courses_api.activity_result_record(user_id=user.pk, activity_id=activity.pk, score=90, completed=True)
    IssuingRule.objects.filter(pk=rule.pk).update(is_active=True)
    assert not Certificate.objects.exists()

    errors = concurrently(
        lambda: certificates_issue_for_cohort(cohort_id=cohort.pk, by=instructor),
        lambda: certificates_issue_for_cohort(cohort_id=cohort.pk, by=instructor),
        *[lambda e=e: certificate_issue_for_enrolment(enrolment_id=e.pk) for e in enrolments],
    )
    assert errors == []
    for enrolment in enrolments:
        assert _issued(enrolment.pk).state == Certificate.State.ISSUED
        assert Certificate.objects.filter(enrolment_id=enrolment.pk).count() == 1
