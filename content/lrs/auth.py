"""Who is calling: a client system with Basic credentials, or a content session's launch token.

The LRS, not the client, decides each stored statement's ``authority`` (xAPI 1.0.3, Data 2.4.9):
it is the credential's agent.
"""

import base64
import binascii
import hashlib
import hmac
from dataclasses import dataclass, field
from uuid import UUID

from django.utils import timezone

from .cache import cached, client_key
from .conf import setting
from .models import LaunchToken, LrsClient


@dataclass(frozen=True)
class Credential:
    """What one request may do, and the authority its statements get."""

    authority: dict
    can_read: bool = True
    can_write: bool = True
    client_id: int | None = None
    own_statements_only: bool = False
    # A launch token confines the caller to one learner and one registration, and to the shared
    # documents (Activity Profile) of the one activity it was issued for.
    learner_ifi: str | None = None
    registration: UUID | None = None
    activity_id: str = ""
    is_preview: bool = False
    extra: dict = field(default_factory=dict)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def system_authority() -> dict:
    """The authority of statements Tadrib records about itself (attendance, quizzes, certificates)."""
    return {
        "objectType": "Agent",
        "name": "Tadrib",
        "account": {"homePage": setting("LRS_AUTHORITY_HOMEPAGE"), "name": "tadrib"},
    }


def client_authority(client: LrsClient) -> dict:
    return {
        "objectType": "Agent",
        "name": client.name,
        "account": {"homePage": setting("LRS_AUTHORITY_HOMEPAGE"), "name": client.key},
    }


def authenticate(authorization: str) -> Credential | None:
    """The credential an ``Authorization`` header carries, or None when it carries none valid."""
    scheme, _, value = authorization.strip().partition(" ")
    scheme = scheme.lower()
    value = value.strip()
    if not value or scheme not in ("basic", "bearer"):
        return None
    if scheme == "basic":
        credential = _client_credential(value)
        if credential is not None:
            return credential
    # cmi5 hands content the token to send as "Basic <token>"; "Bearer <token>" is accepted too.
    return _token_credential(value)


def _client_credential(value: str) -> Credential | None:
    try:
        decoded = base64.b64decode(value, validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    key, colon, secret = decoded.partition(":")
    if not colon:
        return None
    # Cached for a few seconds and forgotten on any change (revoke included): one round trip
    # fewer per request. The secret is still checked on every request.
    found = cached(client_key(key), lambda: _active_client(key))
    if found is None or not hmac.compare_digest(found[0], sha256(secret)):
        return None
    return found[1]


def _active_client(key: str) -> tuple[str, Credential] | None:
    """The secret's hash and the credential of the active client with this key."""
    client = LrsClient.objects.filter(key=key, is_active=True).first()
    if client is None:
        return None
    credential = Credential(
        authority=client_authority(client),
        can_read=client.can_read,
        can_write=client.can_write,
        client_id=client.pk,
        own_statements_only=client.own_statements_only,
    )
    return client.secret_sha256, credential


def _token_credential(value: str) -> Credential | None:
    token = LaunchToken.objects.filter(token_sha256=sha256(value), expires_at__gt=timezone.now()).first()
    if token is None:
        return None
    return Credential(
        authority=system_authority(),
        learner_ifi=token.actor_ifi,
        registration=token.registration,
        activity_id=token.activity_id,
        is_preview=token.is_preview,
    )
