"""Automatic scoring: the fraction of the mark an answer earns, by question kind.

A response is the form's fields for the question: ``{"": [values]}`` for the question's own
field, ``{"<id>": [value]}`` for its parts (a matching prompt, an ordering item, a blank). Anything
else a browser could send is ignored, never an error. ``None`` means a person must grade it.
"""

from decimal import ROUND_HALF_UP, Decimal

from certification.assessment.bank.models import QuestionKind, QuestionVersion

from .normalise import matches, parse_number


def _clamp(value: float) -> Decimal:
    return Decimal(str(max(0.0, min(1.0, value)))).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def _first(response: dict, key: str = "") -> str:
    values = response.get(key) or []
    return values[0] if values and isinstance(values[0], str) else ""


def answered(response: dict | None) -> bool:
    return bool(response) and any(
        isinstance(v, str) and v.strip() for values in response.values() for v in values
    )


def score(version: QuestionVersion, response: dict | None) -> Decimal | None:
    """The share of the mark (0–1) that ``response`` earns; None when a person must grade it."""
    kind, data = version.kind, version.data
    if kind == QuestionKind.ESSAY:
        return None if answered(response) else Decimal(0)
    if not answered(response):
        return Decimal(0)
    if kind == QuestionKind.SINGLE:
        chosen = _first(response)
        return _clamp(next((c["fraction"] for c in data["choices"] if c["id"] == chosen), 0))
    if kind == QuestionKind.MULTIPLE:
        return _multiple(data, set(response.get("", [])))
    if kind == QuestionKind.TRUE_FALSE:
        given = _first(response)
        return _clamp(1 if given in ("true", "false") and (given == "true") == data["answer"] else 0)
    if kind == QuestionKind.SHORT:
        given = _first(response)
        case = bool(data.get("case_sensitive"))
        fractions = [a["fraction"] for a in data["answers"] if matches(given, a["text"], case_sensitive=case)]
        return _clamp(max(fractions, default=0))
    if kind == QuestionKind.NUMERIC:
        number = parse_number(_first(response))
        if number is None:
            return Decimal(0)
        fractions = [
            a["fraction"] for a in data["answers"] if abs(number - a["value"]) <= a.get("tolerance", 0)
        ]
        return _clamp(max(fractions, default=0))
    if kind == QuestionKind.MATCHING:
        pairs = data["pairs"]
        right = sum(1 for p in pairs if _first(response, p["id"]) == p["answer"])
        return _clamp(right / len(pairs))
    if kind == QuestionKind.ORDERING:
        items = data["items"]
        right = sum(
            1 for place, item in enumerate(items, start=1) if _first(response, item["id"]) == str(place)
        )
        return _clamp(right / len(items))
    if kind == QuestionKind.CLOZE:
        blanks = data["blanks"]
        right = sum(1 for b in blanks if any(matches(_first(response, b["id"]), a) for a in b["answers"]))
        return _clamp(right / len(blanks))
    return Decimal(0)


def _multiple(data: dict, chosen: set[str]) -> Decimal:
    choices = data["choices"]
    right = {c["id"] for c in choices if c["fraction"] > 0}
    rule = data.get("partial", "fractions")
    if rule == "all_or_nothing":
        return _clamp(1 if chosen == right else 0)
    if rule == "right_minus_wrong":
        hits = len(chosen & right)
        misses = len(chosen - right)
        return _clamp((hits - misses) / len(right))
    return _clamp(sum(c["fraction"] for c in choices if c["id"] in chosen))


def rubric_fraction(version: QuestionVersion, points: dict[str, float]) -> Decimal:
    """An essay's fraction from the points given per rubric criterion (each capped at its maximum)."""
    rubric = version.data.get("rubric") or []
    total = sum(r["points"] for r in rubric)
    if not total:
        return Decimal(0)
    given = sum(min(max(float(points.get(str(i), 0)), 0), r["points"]) for i, r in enumerate(rubric))
    return _clamp(given / total)
