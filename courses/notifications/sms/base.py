"""The interface every SMS backend implements, and the errors it may raise.

A backend is chosen by the setting ``COURSES_SMS_BACKEND`` (see ``courses.conf``), like Django's
e-mail backends: the code that sends a message never knows which gateway carries it.
"""

from abc import ABC, abstractmethod


class SmsError(Exception):
    """The message was refused for good (a bad number, a bad key): sending it again will not help."""


class SmsTemporaryError(SmsError):
    """The gateway could not take the message now (5xx, throttling, no connection): retry later."""


class BaseSmsBackend(ABC):
    @abstractmethod
    def send(self, *, to: str, text: str) -> None:
        """Send ``text`` to the phone number ``to`` (E.164, e.g. +9647701234567)."""
