"""Celery tasks of certification; each calls one service and is safe to run twice. Celery
discovers each app's ``tasks`` module, so this one also names those of the feature packages."""

from celery import shared_task

from certification.assessment.attempts.services import attempts_overdue_settle as _settle
from certification.credentials.tasks import (
    certificate_deliver_task,
    certificate_render_task,
    certificate_sms_task,
    certificates_deliver_task,
    certificates_render_task,
    master_trainers_recheck_task,
)

__all__ = [
    "attempts_overdue_settle",
    "certificate_deliver_task",
    "certificate_render_task",
    "certificate_sms_task",
    "certificates_deliver_task",
    "certificates_render_task",
    "master_trainers_recheck_task",
]


@shared_task(name="certification.attempts_overdue_settle")
def attempts_overdue_settle() -> int:
    """Submit or close the attempts whose time ran out, as their quizzes say."""
    return _settle()
