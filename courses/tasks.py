"""Celery tasks of ``courses``. Each takes ids, calls a service, and is safe to run twice."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=8)
def enrolment_notify(*, enrolment_id: int, state: str) -> None:
    """Tell a trainee their enrolment changed, by e-mail and SMS, in their language."""
    from courses.notifications import enrolment_notify as notify

    notify(enrolment_id=enrolment_id, state=state)


# How long to wait before retry n of an SMS (n = 0, 1, …): 1, 2, 4 … minutes, at most an hour.
def _sms_retry_countdown(retries: int) -> int:
    return min(60 * 2**retries, 3600)


@shared_task(bind=True, max_retries=8)
def enrolment_sms(self, *, enrolment_id: int, state: str) -> None:
    """Text a trainee that their enrolment changed; retried with back-off while the gateway is down."""
    from courses.notifications import enrolment_sms_send
    from courses.notifications.sms import SmsTemporaryError

    try:
        enrolment_sms_send(enrolment_id=enrolment_id, state=state)
    except SmsTemporaryError as error:
        if self.request.is_eager:
            # Without a broker (the embedded mode) there is no one to retry later, and the
            # caller (the request that approved an enrolment) must not fail for an SMS.
            logger.warning("SMS for enrolment %s not sent: %s", enrolment_id, error)
            return
        raise self.retry(exc=error, countdown=_sms_retry_countdown(self.request.retries)) from error


@shared_task
def cohorts_daily() -> dict[str, int]:
    """Each night: activate enrolments of cohorts that have started, close cohorts long ended.

    Each cohort is handled in its own transaction, so that one cohort's problem does not hold
    back the others; running it twice changes nothing more.
    """
    from courses.enrolment.closing import cohort_close, cohorts_due_to_close, cohorts_due_to_start
    from courses.enrolment.services import cohort_start

    totals = {"started": 0, "completed": 0, "failed": 0}
    for cohort in cohorts_due_to_start():
        totals["started"] += cohort_start(cohort=cohort)
    for cohort in cohorts_due_to_close():
        try:
            closed = cohort_close(cohort=cohort)
        except Exception:
            logger.exception("Cohort %s could not be closed", cohort.pk)
            continue
        totals["completed"] += closed.completed
        totals["failed"] += closed.failed
    return totals


@shared_task
def bulk_enrolment_check_task(bulk_id: int) -> None:
    """The dry run of an uploaded list; does nothing unless the list is waiting to be checked."""
    from courses.bulk.services import bulk_enrolment_check
    from courses.models import BulkEnrolment

    bulk = BulkEnrolment.objects.filter(pk=bulk_id).first()
    if bulk is not None:
        bulk_enrolment_check(bulk=bulk)


@shared_task
def bulk_enrolment_apply_task(bulk_id: int) -> None:
    """Apply a confirmed list; does nothing unless it is still to be applied (so twice is once)."""
    from courses.bulk.services import bulk_enrolment_apply
    from courses.models import BulkEnrolment

    bulk = BulkEnrolment.objects.filter(pk=bulk_id).first()
    if bulk is not None:
        bulk_enrolment_apply(bulk=bulk)


@shared_task(name="courses.bulk_enrolments_resume")
def bulk_enrolments_resume_task() -> int:
    """Queue again the bulk-enrolment jobs whose worker was lost; run by beat every minute."""
    from courses.bulk.services import bulk_enrolments_resume

    return len(bulk_enrolments_resume())
