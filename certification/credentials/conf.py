"""Settings of the credentials, each prefixed ``CERTIFICATION_`` and read here with its default."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

DEFAULTS: dict[str, Any] = {
    # The centre's name as the credentials' issuer.
    "CERTIFICATION_ISSUER_NAME": "Tadrib Training Centre, University of Basrah",
    # Ed25519 signing key, 32 bytes as 64 hex digits, from the environment. Empty: derived from
    # SECRET_KEY (tests and the demo only; refused with DEBUG off).
    "CERTIFICATION_SIGNING_KEY": "",
    # The domain of the issuer's did:web (e.g. "tadrib.uobasrah.edu.iq"); empty: a did:key.
    "CERTIFICATION_DID_WEB_DOMAIN": "",
    # Verification lookups allowed per client address per minute, and per code per minute.
    "CERTIFICATION_VERIFY_PER_MINUTE": 30,
    "CERTIFICATION_VERIFY_MISSES_PER_HOUR": 60,
    # Minutes a certificate may stay pending after its PDF was queued, with no worker making it,
    # before beat queues it again (a worker lost mid-task; ADR 0025).
    "CERTIFICATION_PENDING_STUCK_MINUTES": 10,
}


def get(name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])


@register()
def check_settings(app_configs=None, **kwargs) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    key = get("CERTIFICATION_SIGNING_KEY")
    if key:
        try:
            if len(bytes.fromhex(key)) != 32:
                raise ValueError
        except ValueError:
            errors.append(
                Error("CERTIFICATION_SIGNING_KEY must be 64 hexadecimal digits.", id="certification.E001")
            )
    return errors


@register(deploy=True)
def check_deploy(app_configs=None, **kwargs) -> list[CheckMessage]:
    if get("CERTIFICATION_SIGNING_KEY"):
        return []
    return [
        Error(
            "CERTIFICATION_SIGNING_KEY is not set: certificates would be signed with a key derived from SECRET_KEY.",
            id="certification.E002",
        )
    ]
