"""multipart/mixed bodies of statements with attachments (xAPI 1.0.3, Data 2.4.11), both ways."""

import hashlib
import secrets
from dataclasses import dataclass

from .errors import BadRequest

_HASHES = {56: hashlib.sha224, 64: hashlib.sha256, 96: hashlib.sha384, 128: hashlib.sha512}


@dataclass(frozen=True)
class Part:
    headers: dict[str, str]  # names lower-cased
    body: bytes


def boundary_of(content_type: str) -> str:
    for param in content_type.split(";")[1:]:
        name, _, value = param.strip().partition("=")
        if name.strip().lower() == "boundary" and value.strip():
            return value.strip().strip('"')
    raise BadRequest("The multipart Content-Type has no boundary.")


def parse(body: bytes, content_type: str) -> list[Part]:
    delimiter = b"--" + boundary_of(content_type).encode("latin-1")
    chunks = body.split(delimiter)
    if len(chunks) < 3 or not chunks[-1].startswith(b"--"):
        raise BadRequest("The multipart body does not use its boundary.")
    parts = []
    for chunk in chunks[1:-1]:
        # Each part starts after the CRLF ending the delimiter line and ends before the CRLF that
        # precedes the next delimiter.
        if chunk.startswith(b"\r\n"):
            chunk = chunk[2:]
        elif chunk.startswith(b"\n"):
            chunk = chunk[1:]
        if chunk.endswith(b"\r\n"):
            chunk = chunk[:-2]
        elif chunk.endswith(b"\n"):
            chunk = chunk[:-1]
        head, separator, content = chunk.partition(b"\r\n\r\n")
        if not separator:
            head, separator, content = chunk.partition(b"\n\n")
        if not separator:
            if chunk.startswith((b"\r\n", b"\n")):
                head, content = b"", chunk.lstrip(b"\r\n")
            else:
                raise BadRequest("A multipart part has no header block.")
        headers = {}
        for line in head.decode("latin-1").splitlines():
            if not line.strip():
                continue
            name, colon, value = line.partition(":")
            if not colon:
                raise BadRequest("A multipart part has a malformed header.")
            headers[name.strip().lower()] = value.strip()
        parts.append(Part(headers=headers, body=content))
    return parts


def sha2_matches(sha2: str, content: bytes) -> bool:
    algorithm = _HASHES.get(len(sha2))
    return algorithm is not None and algorithm(content).hexdigest() == sha2.lower()


def build(first: bytes, attachments: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    """A multipart/mixed body: a JSON part, then each (sha2, content type, content) attachment."""
    boundary = secrets.token_hex(16)
    pieces = [f"--{boundary}\r\nContent-Type: application/json\r\n\r\n".encode(), first, b"\r\n"]
    for sha2, content_type, content in attachments:
        pieces.append(
            (
                f"--{boundary}\r\nContent-Type: {content_type}\r\nContent-Transfer-Encoding: binary\r\n"
                f"X-Experience-API-Hash: {sha2}\r\n\r\n"
            ).encode()
        )
        pieces.extend([content, b"\r\n"])
    pieces.append(f"--{boundary}--".encode())
    return b"".join(pieces), f"multipart/mixed; boundary={boundary}"
