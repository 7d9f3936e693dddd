"""JSON in and out of the LRS's hot path, with orjson (several times faster than ``json``).

Parsing a request body and serialising each statement for the database are a large share of the
time of a POST; orjson does both in C. Bodies orjson refuses are tried with ``json`` (UTF-16 and
UTF-32 bodies are JSON too), held to orjson's rules there.

Whatever is parsed is also JSON that both databases can store and every part of the LRS can walk
(RFC 8259 allows all of these, so each is refused here with its reason, as ``JsonRefused``):

- nesting at most ``MAX_DEPTH`` levels (the canonical forms and the comparison of statements
  recurse, and Python's ``json`` gives up near 1,000 with a ``RecursionError``);
- no NUL character in a string or a key: PostgreSQL's ``text`` and ``jsonb`` cannot hold it;
- finite numbers only (``NaN``, ``Infinity``, ``1e999``): PostgreSQL's ``jsonb`` has no such
  value, and orjson writes them as ``null``, so a score of NaN was stored as null;
- no lone surrogate (``"\\ud800"``): it is not text and cannot be written out as UTF-8.
"""

import json
import math
from typing import Any

import orjson

MAX_DEPTH = 100


class JsonRefused(ValueError):
    """Valid JSON that the LRS does not take; the message says why."""


def loads(data: bytes | str) -> Any:
    """Like ``json.loads``; raises ``ValueError`` on anything that is not JSON or not storable."""
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError:
        value = _loads_python(data)
        _check(value, texts=True)
        return value
    # orjson already refused non-finite numbers, lone surrogates and depths past 1,024: walk the
    # value only when cheap counts of the text say it might still break a rule.
    raw = data.encode() if isinstance(data, str) else data
    if b"\\u0000" in raw or raw.count(b"[") + raw.count(b"{") > MAX_DEPTH:
        _check(value, texts=False)
    return value


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise JsonRefused("Numbers must be finite.")
    return number


def _refuse_constant(name: str) -> None:
    raise JsonRefused(f"{name} is not a JSON number.")


def _loads_python(data: bytes | str) -> Any:
    try:
        return json.loads(data, parse_float=_finite, parse_constant=_refuse_constant)
    except RecursionError as error:
        raise JsonRefused(f"JSON may not nest deeper than {MAX_DEPTH} levels.") from error


def _check_text(text: str, *, texts: bool) -> None:
    if "\x00" in text:
        raise JsonRefused("JSON strings may not contain the NUL character (\\u0000).")
    if texts:
        try:
            text.encode()
        except UnicodeEncodeError as error:
            raise JsonRefused("JSON strings may not contain a lone surrogate.") from error


def _check(value: Any, *, texts: bool) -> None:
    """Walks ``value`` without recursion: depth, NUL and (``texts``) surrogates, non-finite numbers."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                raise JsonRefused(f"JSON may not nest deeper than {MAX_DEPTH} levels.")
            if isinstance(item, dict):
                for key in item:
                    _check_text(key, texts=texts)
                stack.extend((child, depth + 1) for child in item.values())
            else:
                stack.extend((child, depth + 1) for child in item)
        elif isinstance(item, str):
            _check_text(item, texts=texts)
        elif isinstance(item, float) and not math.isfinite(item):
            raise JsonRefused("Numbers must be finite.")


def dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON, as ``json.dumps(value, ensure_ascii=False, separators=(",", ":"))``."""
    try:
        return orjson.dumps(value)
    except (TypeError, orjson.JSONEncodeError):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
