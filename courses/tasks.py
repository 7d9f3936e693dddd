"""Celery tasks of ``courses``. Each takes ids, calls a service, and is safe to run twice."""

from celery import shared_task


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=8)
def enrolment_notify(*, enrolment_id: int, state: str) -> None:
    """Tell a trainee their enrolment changed, by e-mail and SMS, in their language."""
    from courses.notifications import enrolment_notify as notify

    notify(enrolment_id=enrolment_id, state=state)
