"""JSON in and out of the LRS's hot path, with orjson (several times faster than ``json``).

Parsing a request body and serialising each statement for the database are a large share of the
time of a POST; orjson does both in C. It is stricter than ``json`` in two corners (integers
beyond 64 bits, UTF-16/32 bodies), so those fall back to ``json`` and behave exactly as before.
"""

import json
from typing import Any

import orjson


def loads(data: bytes | str) -> Any:
    """Like ``json.loads``; raises ``ValueError`` on anything that is not JSON."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return json.loads(data)


def dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON, as ``json.dumps(value, ensure_ascii=False, separators=(",", ":"))``."""
    try:
        return orjson.dumps(value)
    except (TypeError, orjson.JSONEncodeError):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
