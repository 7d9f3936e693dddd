"""The centre's signing key and its DID: ``did:web`` on the centre's domain in production, a
``did:key`` (self-describing, nothing to publish) in tests and the demo.

The Ed25519 key comes only from settings (``CERTIFICATION_SIGNING_KEY``, 32 bytes as hex, from the
environment); without it — tests and the demo — one is derived from SECRET_KEY, which a system
check refuses with DEBUG off.
"""

import hashlib
from functools import lru_cache

import base58
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings

from certification.credentials import conf

# Multicodec prefix of an Ed25519 public key (0xed, varint-encoded) for Multikey and did:key.
ED25519_PUB = b"\xed\x01"


def _seed() -> bytes:
    seed_hex = conf.get("CERTIFICATION_SIGNING_KEY")
    if seed_hex:
        return bytes.fromhex(seed_hex)
    return hashlib.sha256(b"tadrib-certificates:" + settings.SECRET_KEY.encode()).digest()


# Built once per process and key (a worker signs thousands of credentials with one key); keyed by
# the seed, so a changed setting (a test's override) gets its own.
@lru_cache(maxsize=4)
def _key(seed: bytes) -> tuple[Ed25519PrivateKey, str]:
    key = Ed25519PrivateKey.from_private_bytes(seed)
    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return key, "z" + base58.b58encode(ED25519_PUB + raw).decode()


def signing_key() -> Ed25519PrivateKey:
    return _key(_seed())[0]


def public_multibase() -> str:
    """The public key as Multikey ``publicKeyMultibase``: "z" + base58btc(0xed01 ‖ key)."""
    return _key(_seed())[1]


def issuer_did() -> str:
    """``did:web:<domain>`` when ``CERTIFICATION_DID_WEB_DOMAIN`` is set, else the key's ``did:key``."""
    domain = conf.get("CERTIFICATION_DID_WEB_DOMAIN")
    if domain:
        return "did:web:" + domain.replace(":", "%3A")
    return "did:key:" + public_multibase()


def verification_method() -> str:
    did = issuer_did()
    if did.startswith("did:key:"):
        return f"{did}#{public_multibase()}"
    return f"{did}#key-1"


def did_document() -> dict:
    """The DID document served at ``/.well-known/did.json`` for ``did:web``."""
    did = issuer_did()
    method = {
        "id": verification_method(),
        "type": "Multikey",
        "controller": did,
        "publicKeyMultibase": public_multibase(),
    }
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "verificationMethod": [method],
        "assertionMethod": [method["id"]],
        "authentication": [method["id"]],
    }
