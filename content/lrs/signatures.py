"""Signed statements (xAPI 1.0.3, Data 2.6): the JWS attachment must be well formed, use an RS
algorithm, and carry the statement itself as its payload.

The RSA signature is not verified against a key: the specification leaves trust in the signer's
certificate to the reader of the statement; the LRS checks the form and the payload.
"""

import base64
import binascii

from .canonical import same_statement
from .errors import BadRequest
from .jsonio import loads

ALGORITHMS = {"RS256", "RS384", "RS512"}


def _b64url(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def check_signature(jws: bytes, statement: dict) -> None:
    try:
        header_part, payload_part, signature_part = jws.decode("ascii").strip().split(".")
        header = loads(_b64url(header_part))
        payload = loads(_b64url(payload_part))
        _b64url(signature_part)
    except (ValueError, UnicodeDecodeError, binascii.Error) as error:
        raise BadRequest("The signature attachment is not a JSON Web Signature.") from error
    if not isinstance(header, dict) or header.get("alg") not in ALGORITHMS:
        raise BadRequest("A statement signature must use RS256, RS384 or RS512.")
    if not isinstance(payload, dict):
        raise BadRequest("The signature's payload is not a statement.")
    unsigned = {key: value for key, value in statement.items() if key != "attachments"}
    payload = {key: value for key, value in payload.items() if key != "attachments"}
    if not same_statement(payload, unsigned) and not same_statement(unsigned, payload):
        raise BadRequest("The signature's payload is not the statement it signs.")
