"""The Bitstring Status List (W3C) the centre publishes: bit n of list k set means the certificate
with status index n of that list is revoked. Lists are 131,072 bits, the spec's minimum, so that
a list does not tell anyone which certificate a verifier is asking about."""

import base64
import gzip
from datetime import UTC, datetime

from certification.credentials.badges.keys import issuer_did
from certification.credentials.badges.proof import proof_add

STATUS_LIST_SIZE = 131_072


def status_position(certificate_id: int) -> tuple[int, int]:
    """(list number, index in the list) of a certificate: its id, cut into lists."""
    return divmod(certificate_id, STATUS_LIST_SIZE)


def encoded_list(revoked_indexes: set[int]) -> str:
    """GZIP-compressed bitstring, base64url without padding, multibase "u" prefix; bit 0 is the
    most significant bit of the first byte."""
    bits = bytearray(STATUS_LIST_SIZE // 8)
    for index in revoked_indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    packed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).rstrip(b"=").decode()


def status_list_credential(*, url: str, revoked_indexes: set[int]) -> dict:
    """The signed ``BitstringStatusListCredential`` served at ``url``."""
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    credential = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_did(),
        "validFrom": now,
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list(revoked_indexes),
        },
    }
    return proof_add(credential)
