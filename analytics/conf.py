"""Settings of ``analytics``, each prefixed ``ANALYTICS_`` and read here with its default.

Other modules call ``conf.get("ANALYTICS_…")`` rather than reading ``django.conf.settings`` so
that the defaults live in one place; ``check_settings`` reports a wrong value at start-up.
"""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

DEFAULTS: dict[str, Any] = {
    # Seconds after a training record changes before the summaries are rebuilt: changes arriving
    # meanwhile are counted by the same rebuild (ADR 0016).
    "ANALYTICS_SUMMARY_DELAY": 300,
    # Seconds the summaries may lag the fact table and still be read: older than that, reports
    # count the fact table itself (slower, never wrong). 0: only summaries with no change since.
    "ANALYTICS_SUMMARY_MAX_LAG": 1800,
    # Reports with more rows than this are exported by a background task with a progress bar.
    "ANALYTICS_EXPORT_DIRECT_ROWS": 5_000,
    # Hours an export built in the background stays downloadable.
    "ANALYTICS_EXPORT_KEEP_HOURS": 24,
    # Seconds after a certification event (a certificate issued or revoked, a test graded) before
    # its training record is refreshed: a cohort's certificates are refreshed together (ADR 0015).
    "ANALYTICS_RECORD_DELAY": 30,
}


def get(name: str) -> Any:
    """The value of the ``analytics`` setting ``name``: the project's, else the default."""
    return getattr(settings, name, DEFAULTS[name])


@register()
def check_settings(app_configs=None, **kwargs) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    for number, name in enumerate(DEFAULTS, start=1):
        value = get(name)
        if not isinstance(value, int) or value < 0:
            errors.append(Error(f"{name} must be a whole number, 0 or more.", id=f"analytics.E00{number}"))
    return errors
