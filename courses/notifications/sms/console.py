"""The default SMS backend: writes each message to standard output and the log, sends nothing.

For the embedded mode and development, like Django's console e-mail backend.
"""

import logging
import sys
from typing import TextIO

from courses.notifications.sms.base import BaseSmsBackend

logger = logging.getLogger("courses.sms")


class ConsoleBackend(BaseSmsBackend):
    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout

    def send(self, *, to: str, text: str) -> None:
        self.stream.write(f"SMS to {to}:\n{text}\n{'-' * 40}\n")
        self.stream.flush()
        logger.info("SMS to %s (%d characters) written to the console", to, len(text))
