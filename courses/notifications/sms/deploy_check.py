"""The SMS gateway's deployment check: the backend loads and its gateway answers.

Nothing is sent: the gateway's address is asked for with a GET, which a gateway that takes
messages by POST answers without sending anything; any HTTP answer shows it can be reached.
"""

import httpx
from django.utils.module_loading import import_string

from courses import conf
from courses.notifications.sms.base import SmsError
from courses.notifications.sms.console import ConsoleBackend
from courses.notifications.sms.http import HttpBackend
from lms.api import DeployContext, DeployProblem, DeployWarning

FIX_HTTP = (
    "Set COURSES_SMS_BACKEND=courses.notifications.sms.http.HttpBackend, COURSES_SMS_GATEWAY_URL and "
    "COURSES_SMS_GATEWAY_TOKEN in the environment file."
)


def sms_gateway(context: DeployContext) -> str:
    path = conf.get("COURSES_SMS_BACKEND")
    try:
        backend_class = import_string(path)
    except ImportError as error:
        raise DeployProblem(f"COURSES_SMS_BACKEND ({path}) cannot be loaded: {error}", FIX_HTTP) from error
    if issubclass(backend_class, ConsoleBackend):
        raise DeployWarning("Text messages are written to the log, not sent.", FIX_HTTP)
    if not issubclass(backend_class, HttpBackend):
        return f"{path} loads (its gateway is not checked)"
    try:
        backend = backend_class()
    except SmsError as error:
        raise DeployProblem(str(error), FIX_HTTP) from error
    try:
        response = context.http_get(backend.url)
    except httpx.HTTPError as error:
        raise DeployProblem(
            f"The SMS gateway {backend.url} could not be reached: {(str(error) or repr(error)).splitlines()[0]}",
            "Check COURSES_SMS_GATEWAY_URL, the server's DNS and that the firewall lets it out to the gateway.",
        ) from error
    return f"the gateway {backend.url} answers (HTTP {response.status_code}; nothing was sent)"
