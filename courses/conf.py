"""Settings of ``courses``, each prefixed ``COURSES_`` and read here with its default.

Other modules call ``conf.get("COURSES_…")`` rather than reading ``django.conf.settings`` so
that the defaults live in one place; ``check_settings`` reports a wrong value at start-up.
"""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register
from django.utils.module_loading import import_string

DEFAULTS: dict[str, Any] = {
    # Which SMS backend sends text messages (a dotted path to a class with ``send(*, to, text)``).
    "COURSES_SMS_BACKEND": "courses.notifications.sms.console.ConsoleBackend",
    # The HTTP backend posts JSON to this gateway, with this token as a bearer key.
    "COURSES_SMS_GATEWAY_URL": "",
    "COURSES_SMS_GATEWAY_TOKEN": "",
    "COURSES_SMS_GATEWAY_TIMEOUT": 10,
    # An enrolment still short of its completion rules this many days after its cohort ended fails.
    "COURSES_FAIL_AFTER_DAYS": 14,
}


def get(name: str) -> Any:
    """The value of the ``courses`` setting ``name``: the project's, else the default."""
    return getattr(settings, name, DEFAULTS[name])


@register()
def check_settings(app_configs=None, **kwargs) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    try:
        import_string(get("COURSES_SMS_BACKEND"))
    except ImportError as error:
        errors.append(Error(f"COURSES_SMS_BACKEND cannot be imported: {error}", id="courses.E001"))
    if get("COURSES_SMS_BACKEND").endswith("http.HttpBackend") and not get("COURSES_SMS_GATEWAY_URL"):
        errors.append(Error("COURSES_SMS_GATEWAY_URL is needed by the HTTP SMS backend.", id="courses.E002"))
    days = get("COURSES_FAIL_AFTER_DAYS")
    if not isinstance(days, int) or days < 0:
        errors.append(Error("COURSES_FAIL_AFTER_DAYS must be a whole number of days.", id="courses.E003"))
    return errors
