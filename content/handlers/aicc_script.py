"""SCORM 1.2 prerequisites: the AICC script of ``adlcp:prerequisites``, read into a tree, never run.

The script names items of the package and combines them (AICC CMI001, appendix "Prerequisites
Script"; SCORM 1.2 CAM 2.3.2):

* ``a & b``, ``a | b``, ``~a`` and brackets; real manifests also write ``AND``, ``OR`` and ``NOT``;
* ``a`` alone is met when item a is completed or passed; ``a = failed`` (or ``a <> passed``)
  compares its status, also written by its first letter (``a = f``);
* ``2*{a, b, c}``: at least two of the set.

``parse`` turns the script into JSON-ready nodes (``{"item": id}``, ``{"item": id, "status": s,
"equal": bool}``, ``{"not": node}``, ``{"and": [...]}``, ``{"or": [...]}``, ``{"atleast": n, "of":
[...]}``, ``{"const": bool}``) that the player evaluates as statuses change (player.js) and the
server evaluates with ``evaluate``. A script that cannot be read raises ``ScriptError``: it is
never guessed at, and never evaluated as code.
"""

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

MAX_LENGTH = 4000
MAX_DEPTH = 32
STATUSES = ("passed", "completed", "failed", "incomplete", "browsed", "not attempted")
LETTERS = {status[0]: status for status in STATUSES}
# An identifier alone is met by these statuses.
DONE = ("completed", "passed")
WORDS = {"and": "&", "or": "|", "not": "~"}
_TOKEN = re.compile(r"\s*(<>|[&|~=(){},*]|[^\s&|~=(){},*<>]+)")

Node = dict[str, Any]


class ScriptError(ValueError):
    """The script cannot be read; the message says where, in English (shown inside a warning)."""


def _tokens(script: str) -> list[str]:
    tokens: list[str] = []
    position = 0
    script = script.strip()
    while position < len(script):
        match = _TOKEN.match(script, position)
        if match is None or not match.group(1):
            raise ScriptError(f"unexpected “{script[position:].strip()[:20]}”")
        token = match.group(1)
        tokens.append(WORDS.get(token.lower(), token))
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.index = 0

    def peek(self) -> str | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if token is None:
            raise ScriptError(f"“{expected}” expected at the end" if expected else "unexpected end")
        if expected is not None and token != expected:
            raise ScriptError(f"“{expected}” expected, “{token}” found")
        self.index += 1
        return token

    def expression(self, depth: int) -> Node:
        return self._joined("|", "or", lambda: self._joined("&", "and", lambda: self.factor(depth)))

    def _joined(self, operator: str, name: str, operand: Callable[[], Node]) -> Node:
        parts = [operand()]
        while self.peek() == operator:
            self.take()
            parts.append(operand())
        return parts[0] if len(parts) == 1 else {name: parts}

    def factor(self, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise ScriptError("nested too deep")
        token = self.peek()
        if token == "~":
            self.take()
            return {"not": self.factor(depth + 1)}
        if token == "(":
            self.take()
            node = self.expression(depth + 1)
            self.take(")")
            return node
        if token is not None and token.isdigit() and self.tokens[self.index + 1 : self.index + 2] == ["*"]:
            count = int(self.take())
            self.take("*")
            self.take("{")
            members = [self.identifier()]
            while self.peek() == ",":
                self.take()
                members.append(self.identifier())
            self.take("}")
            return {"atleast": count, "of": members}
        return self.identifier()

    def identifier(self) -> Node:
        token = self.take()
        if token in ("&", "|", "~", "=", "(", ")", "{", "}", ",", "*", "<>"):
            raise ScriptError(f"an item expected, “{token}” found")
        if self.peek() in ("=", "<>"):
            equal = self.take() == "="
            return {"item": token, "status": self.status(), "equal": equal}
        return {"item": token}

    def status(self) -> str:
        word = self.take().lower()
        if word == "~":  # "not attempted", its first word read as the operator NOT
            word = "not"
        if word == "not" and (self.peek() or "").lower() == "attempted":
            self.take()
            return "not attempted"
        if word in STATUSES:
            return word
        if word in LETTERS:
            return LETTERS[word]
        raise ScriptError(f"“{word}” is not a lesson status")


def parse(script: str) -> Node:
    """The script as a tree of nodes; raises ``ScriptError`` when it cannot be read."""
    if len(script) > MAX_LENGTH:
        raise ScriptError(f"longer than {MAX_LENGTH} characters")
    tokens = _tokens(script)
    if not tokens:
        raise ScriptError("empty")
    parser = _Parser(tokens)
    node = parser.expression(0)
    if parser.peek() is not None:
        raise ScriptError(f"“{parser.peek()}” unexpected")
    return node


def identifiers(node: Node) -> Iterator[str]:
    """Every item the tree names."""
    if "item" in node:
        yield node["item"]
    for key in ("and", "or", "of"):
        for member in node.get(key, ()):
            yield from identifiers(member)
    if "not" in node:
        yield from identifiers(node["not"])


def resolve(node: Node, expand: Callable[[str], list[str] | None]) -> Node:
    """The tree with each named item replaced as ``expand`` says: a folder by all the items in it
    (``and``), an item the package does not have by ``{"const": True}`` (``expand`` gives None)."""
    if "item" in node:
        members = expand(node["item"])
        if members is None:
            return {"const": True}
        if members == [node["item"]]:
            return node
        return {"and": [{**node, "item": member} for member in members]}
    if "not" in node:
        return {"not": resolve(node["not"], expand)}
    if "atleast" in node:
        return {"atleast": node["atleast"], "of": [resolve(m, expand) for m in node["of"]]}
    for key in ("and", "or"):
        if key in node:
            return {key: [resolve(m, expand) for m in node[key]]}
    return node


def evaluate(node: Node, statuses: Mapping[str, str]) -> bool:
    """Whether the prerequisites are met, given each item's lesson status."""
    if "const" in node:
        return bool(node["const"])
    if "item" in node:
        status = statuses.get(node["item"]) or "not attempted"
        if "status" in node:
            return (status == node["status"]) == node.get("equal", True)
        return status in DONE
    if "not" in node:
        return not evaluate(node["not"], statuses)
    if "and" in node:
        return all(evaluate(m, statuses) for m in node["and"])
    if "or" in node:
        return any(evaluate(m, statuses) for m in node["or"])
    if "atleast" in node:
        return sum(evaluate(m, statuses) for m in node["of"]) >= int(node["atleast"])
    return True
