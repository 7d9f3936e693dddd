"""Celery tasks of people: sending e-mail without making a web request wait on SMTP."""

from celery import shared_task
from django.core.mail import EmailMultiAlternatives


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def email_send(self, *, subject: str, body: str, to: list[str], html_body: str | None = None) -> int:
    """Send one e-mail. Retried with back-off when the mail server cannot be reached."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return message.send()
