"""Celery tasks of the credentials. Each takes ids, calls a service, and is safe to run twice."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def certificate_render_task(*, certificate_id: int) -> None:
    """Make a pending certificate's PDF and credential; a second run finds it issued and stops."""
    from certification.credentials.services import certificate_render

    certificate_render(certificate_id=certificate_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def certificates_render_task(*, certificate_ids: list[int]) -> None:
    """Make a chunk of pending certificates (a cohort's are queued in chunks); a retry or a
    second run skips those already issued."""
    from certification.credentials.services import certificates_render

    certificates_render(certificate_ids=certificate_ids)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=8)
def certificates_deliver_task(*, certificate_ids: list[int]) -> None:
    """E-mail a chunk of trainees their verification links and queue their SMS."""
    from certification.credentials.delivery import certificates_email

    certificates_email(certificate_ids=certificate_ids)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=8)
def certificate_deliver_task(*, certificate_id: int) -> None:
    """E-mail the trainee the verification link and queue the SMS."""
    from certification.credentials.delivery import certificate_email

    certificate_email(certificate_id=certificate_id)


@shared_task(bind=True, max_retries=8)
def certificate_sms_task(self, *, certificate_id: int) -> None:
    from certification.credentials.delivery import certificate_sms
    from courses.api import SmsTemporaryError

    try:
        certificate_sms(certificate_id=certificate_id)
    except SmsTemporaryError as error:
        if self.request.is_eager:
            logger.warning("SMS for certificate %s not sent: %s", certificate_id, error)
            return
        raise self.retry(exc=error, countdown=min(60 * 2**self.request.retries, 3600)) from error


@shared_task(name="certification.master_trainers_recheck")
def master_trainers_recheck_task() -> int:
    """Daily (beat): master trainers who have now delivered the sessions their programme's
    certificate asks for get it."""
    from certification.credentials.services import certificates_master_trainers_recheck

    return certificates_master_trainers_recheck()


@shared_task(name="certification.certificates_pending_resume")
def certificates_pending_resume_task() -> int:
    """Queue again the certificates whose render was lost with its worker; run by beat every minute."""
    from certification.credentials.services import certificates_pending_resume

    return len(certificates_pending_resume())
