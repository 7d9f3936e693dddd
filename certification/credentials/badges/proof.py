"""The ``eddsa-rdfc-2022`` Data Integrity cryptosuite (W3C VC Data Integrity EdDSA Cryptosuites).

Both the proof options and the document are canonicalised with RDF Dataset Canonicalization
(RDFC-1.0, the algorithm pyld calls URDNA2015), hashed with SHA-256, and the concatenation of the
two hashes is signed with Ed25519. JSON-LD contexts are read from files shipped here, never
fetched: a verifier that fetches contexts at signing time can be made to sign something else.
"""

import hashlib
import json
from datetime import UTC, datetime
from functools import cache, lru_cache
from pathlib import Path

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pyld import jsonld

from certification.credentials.badges.canonical import canonical_nquads
from certification.credentials.badges.keys import ED25519_PUB, signing_key, verification_method

CONTEXTS_DIR = Path(__file__).parent / "contexts"
CONTEXT_FILES = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-v3p0-context-3.0.3.jsonld",
}


class ContextNotBundled(Exception):
    """A document named a JSON-LD context that is not shipped with Tadrib."""


@cache
def _context(url: str) -> dict:
    return json.loads((CONTEXTS_DIR / CONTEXT_FILES[url]).read_text())


def document_loader(url: str, options: dict | None = None) -> dict:
    if url not in CONTEXT_FILES:
        raise ContextNotBundled(url)
    # "static": pyld keeps the resolved context for the process instead of resolving (and
    # canonicalising, to key it) the large Open Badges context again for every document.
    return {"contextUrl": None, "documentUrl": url, "document": _context(url), "tag": "static"}


def _canonical(document: dict, *, by_shape: bool) -> bytes:
    if by_shape:
        return canonical_nquads(document, document_loader=document_loader).encode()
    nquads = jsonld.normalize(
        document,
        {
            "algorithm": "URDNA2015",
            "format": "application/n-quads",
            "documentLoader": document_loader,
            "safe": True,
        },
    )
    return nquads.encode()


@lru_cache(maxsize=64)
def _options_hash(options_json: str, by_shape: bool) -> bytes:
    # The proof options are the same for every credential signed in the same second.
    return hashlib.sha256(_canonical(json.loads(options_json), by_shape=by_shape)).digest()


def _hash_data(document: dict, options: dict, *, by_shape: bool) -> bytes:
    """What is signed. Tadrib's own credentials are canonicalised by shape (``canonical``); what
    others send to be checked goes through pyld whole, which also cross-checks the first in the
    tests."""
    return (
        _options_hash(json.dumps(options, sort_keys=True), by_shape)
        + hashlib.sha256(_canonical(document, by_shape=by_shape)).digest()
    )


def proof_add(document: dict, *, created: datetime | None = None) -> dict:
    """A copy of ``document`` with an embedded ``DataIntegrityProof`` signed by the centre's key."""
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    options = {
        "@context": unsigned["@context"],
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": (created or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "verificationMethod": verification_method(),
        "proofPurpose": "assertionMethod",
    }
    signature = signing_key().sign(_hash_data(unsigned, options, by_shape=True))
    proof = {k: v for k, v in options.items() if k != "@context"}
    proof["proofValue"] = "z" + base58.b58encode(signature).decode()
    return {**unsigned, "proof": proof}


def proof_verify(document: dict, *, public_multibase: str) -> bool:
    """Whether the document's proof is valid for the Ed25519 Multikey ``public_multibase``."""
    proof = document.get("proof")
    if not isinstance(proof, dict) or proof.get("cryptosuite") != "eddsa-rdfc-2022":
        return False
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    options["@context"] = unsigned["@context"]
    raw = base58.b58decode(public_multibase[1:])
    if not raw.startswith(ED25519_PUB):
        return False
    try:
        Ed25519PublicKey.from_public_bytes(raw[2:]).verify(
            base58.b58decode(proof["proofValue"][1:]), _hash_data(unsigned, options, by_shape=False)
        )
    except (InvalidSignature, ValueError):
        return False
    return True
