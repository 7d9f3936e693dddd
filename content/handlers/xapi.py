"""What a format whose content speaks xAPI itself (cmi5, Tin Can, H5P) makes of its statements.

The runtime (``content.runtime.xapi``) opens sessions, hears the statements the LRS stored and
sends results to courses; for everything only the format knows it asks the item's handler, found
in the registry by the package's kind (ADR 0019):

* ``activity_id(package_iri, identifier)`` — the object id the content is given for an item;
* ``launch_parameters(...)`` — what the launch address carries (cmi5 8.1, Rustici's convention);
* ``counts(statement)`` and ``fold(held, statement, data)`` — one statement into the item's held
  result (completion, success, score, each only improving; ``data`` is the item's format data);
* ``map_result(held)`` — that held result as a ``ResultData``;
* ``item_done(data, entry)`` — whether the item counts as done for its package;
* ``lms_statements`` — the format gives the LMS duties of its own in a session (cmi5's launch
  data, fetch URL, and the "launched", "abandoned", "satisfied" and "waived" statements).
"""

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from .base import Handler
from .data import ResultData

ADL = "http://adlnet.gov/expapi/verbs/"
COMPLETED, PASSED, FAILED, TERMINATED = f"{ADL}completed", f"{ADL}passed", f"{ADL}failed", f"{ADL}terminated"


def score_percent(score: Mapping[str, Any]) -> float | None:
    """A statement's score in per cent (0–100): scaled if given, else raw within min and max."""
    if isinstance(score.get("scaled"), (int, float)) and not isinstance(score.get("scaled"), bool):
        return max(0.0, min(100.0, float(score["scaled"]) * 100))
    raw, low, high = score.get("raw"), score.get("min", 0), score.get("max")
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (raw, low, high))
    if numbers and high > low:
        return max(0.0, min(100.0, (raw - low) / (high - low) * 100))
    return None


class XapiHandler(Handler):
    protocol = "xapi"
    state_key = "result"
    lms_statements = False

    def activity_id(self, *, package_iri: str, identifier: str) -> str:
        """Our IRI for the item (``package_iri`` ends with "/"): content is given ours by default."""
        return package_iri + quote(identifier, safe="")

    def launch_parameters(
        self, *, endpoint: str, actor: str, registration: str, activity_id: str, token: str, fetch: str
    ) -> dict[str, str]:
        """The query string of the launch address: Rustici's convention, credentials included."""
        return {
            "endpoint": endpoint,
            "auth": f"Basic {token}",
            "actor": actor,
            "registration": registration,
            "activity_id": activity_id,
        }

    def counts(self, statement: Mapping[str, Any]) -> bool:
        """Whether the statement speaks for the item (not for a part graded by the item)."""
        return True

    def fold(self, held: dict[str, Any], statement: Mapping[str, Any], data: Mapping[str, Any]) -> None:
        """Completion, success and score of one statement into ``held``, each only ever improving."""
        verb = statement["verb"]["id"]
        result = statement.get("result") or {}
        if verb == COMPLETED or result.get("completion") is True:
            held["completed"] = True
        self.fold_success(held, verb, result, data)
        score = score_percent(result.get("score") or {})
        if score is not None and score >= (held.get("score") or 0):
            held["score"] = round(score, 2)

    def fold_success(
        self, held: dict[str, Any], verb: str, result: Mapping[str, Any], data: Mapping[str, Any]
    ) -> None:
        """Success as the content says it: "passed" stays, "failed" counts only before a pass."""
        if verb == PASSED or result.get("success") is True:
            held["passed"] = True
        elif (verb == FAILED or result.get("success") is False) and held.get("passed") is not True:
            held["passed"] = False

    def map_result(self, data: Mapping[str, Any]) -> ResultData:
        """The held result (``fold``'s) of one item."""
        score = data.get("score")
        return ResultData(
            completed=True if data.get("completed") else None,
            passed=data.get("passed") if isinstance(data.get("passed"), bool) else None,
            score=float(score) if isinstance(score, (int, float)) else None,
        )

    def item_done(self, data: Mapping[str, Any], entry: Mapping[str, Any]) -> bool:
        """Done when completed or passed."""
        held = entry.get("result") or {}
        return bool(held.get("completed")) or held.get("passed") is True
