"""Text messages: ``sms_send`` hands a message to the backend named by ``COURSES_SMS_BACKEND``."""

from django.utils.module_loading import import_string

from courses import conf
from courses.notifications.sms.base import BaseSmsBackend, SmsError, SmsTemporaryError

__all__ = ["BaseSmsBackend", "SmsError", "SmsTemporaryError", "sms_backend", "sms_send"]


def sms_backend() -> BaseSmsBackend:
    """A new instance of the configured backend."""
    return import_string(conf.get("COURSES_SMS_BACKEND"))()


def sms_send(*, to: str, text: str) -> None:
    sms_backend().send(to=to, text=text)
