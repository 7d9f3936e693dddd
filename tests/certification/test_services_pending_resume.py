"""Beat's sweep of certificates whose worker was lost: only a certificate still pending long after
its PDF was queued is queued again, once a period, and the render queued again issues it; a fresh,
an issued or a failed certificate is left alone (ADR 0025)."""

import datetime

import pytest
from celery import current_app
from django.utils import timezone

from certification.apps import PENDING_RESUME_SWEEP_SECONDS
from certification.credentials.models import Certificate
from certification.credentials.services import (
    certificate_retry,
    certificates_pending_resume,
)
from tests.certification.factories import cohort_issued_by_instructor
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db
State = Certificate.State
STUCK = datetime.timedelta(minutes=10)


@pytest.fixture(autouse=True)
def _period(settings):
    settings.CERTIFICATION_PENDING_STUCK_MINUTES = 10


def _pending_with_their_renders_lost(count: int) -> list[Certificate]:
    """A cohort's certificates issued by its instructor, whose render tasks never ran."""
    return cohort_issued_by_instructor(count).issued


def _age(certificates: list[Certificate], by: datetime.timedelta) -> None:
    Certificate.objects.filter(pk__in=[c.pk for c in certificates]).update(queued_at=timezone.now() - by)


def test_certificates_whose_worker_was_lost_are_issued_by_the_render_queued_again(
    django_capture_on_commit_callbacks,
):
    certificates = _pending_with_their_renders_lost(3)
    ids = [c.pk for c in certificates]
    # Just queued: their renders may still be waiting in the queue.
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert certificates_pending_resume() == []
    assert queued == []

    _age(certificates, STUCK + datetime.timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert certificates_pending_resume() == ids
    assert len(queued) == 1  # one chunk
    with django_capture_on_commit_callbacks(execute=True):
        queued[0]()
    assert set(Certificate.objects.filter(pk__in=ids).values_list("state", flat=True)) == {State.ISSUED}
    assert all(c.pdf for c in Certificate.objects.filter(pk__in=ids))

    # Their work done, nothing is queued again, however long after.
    _age(certificates, 10 * STUCK)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert certificates_pending_resume() == []
    assert queued == []


def test_only_certificates_pending_long_after_their_render_was_queued_are_queued_again(
    django_capture_on_commit_callbacks,
):
    stuck, fresh, issued, failed = _pending_with_their_renders_lost(4)
    Certificate.objects.filter(pk=issued.pk).update(state=State.ISSUED)
    Certificate.objects.filter(pk=failed.pk).update(state=State.FAILED)
    _age([stuck, issued, failed], STUCK + datetime.timedelta(seconds=1))
    _age([fresh], STUCK - datetime.timedelta(minutes=1))

    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert certificates_pending_resume() == [stuck.pk]
    assert len(queued) == 1


def test_a_certificate_queued_again_is_queued_once_a_period_while_it_waits(
    django_capture_on_commit_callbacks,
):
    certificates = _pending_with_their_renders_lost(1)
    _age(certificates, STUCK + datetime.timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert certificates_pending_resume() == [certificates[0].pk]
        # Beat's next minutes: the render queued again is waiting in the queue.
        assert certificates_pending_resume() == []
        assert certificates_pending_resume() == []
    assert len(queued) == 1

    _age(certificates, STUCK + datetime.timedelta(seconds=1))
    assert certificates_pending_resume() == [certificates[0].pk]


def test_a_failed_certificate_tried_again_waits_a_period_from_the_retry(django_capture_on_commit_callbacks):
    (certificate,) = _pending_with_their_renders_lost(1)
    Certificate.objects.filter(pk=certificate.pk).update(state=State.FAILED)
    _age([certificate], 100 * STUCK)
    certificate.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=False):
        certificate_retry(certificate=certificate, by=UserFactory(), reason="The template is fixed.")
    assert certificates_pending_resume() == []


def test_the_period_is_the_setting(settings):
    settings.CERTIFICATION_PENDING_STUCK_MINUTES = 30
    certificates = _pending_with_their_renders_lost(1)
    _age(certificates, STUCK + datetime.timedelta(seconds=1))
    assert certificates_pending_resume() == []


def test_the_sweep_is_on_the_beat_schedule_every_minute():
    entries = [
        entry
        for entry in current_app.conf.beat_schedule.values()
        if entry["task"] == "certification.certificates_pending_resume"
    ]
    assert entries == [
        {"task": "certification.certificates_pending_resume", "schedule": PENDING_RESUME_SWEEP_SECONDS}
    ]
    assert PENDING_RESUME_SWEEP_SECONDS <= 60
