"""Celery tasks of certification; each calls one service and is safe to run twice."""

from celery import shared_task

from certification.assessment.attempts.services import attempts_overdue_settle as _settle


@shared_task(name="certification.attempts_overdue_settle")
def attempts_overdue_settle() -> int:
    """Submit or close the attempts whose time ran out, as their quizzes say."""
    return _settle()
