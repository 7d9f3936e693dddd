"""An SMS backend for a gateway that takes JSON over HTTPS, sent with httpx.

It posts ``{"to": "+9647…", "text": "…"}`` (UTF-8) to ``COURSES_SMS_GATEWAY_URL`` with the header
``Authorization: Bearer <COURSES_SMS_GATEWAY_TOKEN>``. A 5xx or 429 answer, a timeout or a
refused connection raise ``SmsTemporaryError``, so that the Celery task retries with back-off;
any other 4xx raises ``SmsError`` and is not retried.
"""

import json
import logging
from urllib.parse import urlsplit

import httpx

from courses import conf
from courses.notifications.sms.base import BaseSmsBackend, SmsError, SmsTemporaryError

logger = logging.getLogger("courses.sms")


class HttpBackend(BaseSmsBackend):
    def __init__(
        self, url: str | None = None, token: str | None = None, timeout: float | None = None
    ) -> None:
        self.url = url or conf.get("COURSES_SMS_GATEWAY_URL")
        self.token = token if token is not None else conf.get("COURSES_SMS_GATEWAY_TOKEN")
        self.timeout = timeout or conf.get("COURSES_SMS_GATEWAY_TIMEOUT")
        if urlsplit(self.url).scheme not in ("http", "https"):
            raise SmsError("COURSES_SMS_GATEWAY_URL must be an http:// or https:// address.")

    def send(self, *, to: str, text: str) -> None:
        body = json.dumps({"to": to, "text": text}, ensure_ascii=False).encode("utf-8")
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Accept": "application/json",
            "User-Agent": "Tadrib",
        }
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            response = httpx.post(self.url, content=body, headers=headers, timeout=self.timeout)
        except httpx.TransportError as error:  # no connection, timeouts, broken answers
            raise SmsTemporaryError(f"The SMS gateway could not be reached: {error!r}") from error
        if response.status_code >= 500 or response.status_code == 429:
            raise SmsTemporaryError(f"The SMS gateway answered {response.status_code}.")
        if response.status_code >= 400:
            raise SmsError(f"The SMS gateway refused the message ({response.status_code}).")
        logger.info("SMS to %s handed to the gateway", to)
