"""An SMS backend for a gateway that takes JSON over HTTPS.

It posts ``{"to": "+9647…", "text": "…"}`` (UTF-8) to ``COURSES_SMS_GATEWAY_URL`` with the header
``Authorization: Bearer <COURSES_SMS_GATEWAY_TOKEN>``. A 5xx or 429 answer, a timeout or a
refused connection raise ``SmsTemporaryError``, so that the Celery task retries with back-off;
any other 4xx raises ``SmsError`` and is not retried.
"""

import json
import logging
import urllib.error
import urllib.request
from urllib.parse import urlsplit

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
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            self.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Accept": "application/json",
                "Authorization": f"Bearer {self.token}",
                "User-Agent": "Tadrib",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                response.read()
        except urllib.error.HTTPError as error:
            if error.code >= 500 or error.code == 429:
                raise SmsTemporaryError(f"The SMS gateway answered {error.code}.") from error
            raise SmsError(f"The SMS gateway refused the message ({error.code}).") from error
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            raise SmsTemporaryError(f"The SMS gateway could not be reached: {error}") from error
        logger.info("SMS to %s handed to the gateway", to)
