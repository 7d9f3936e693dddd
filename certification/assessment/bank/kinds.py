"""The answer data of each question kind, and the checks that keep it whole.

``data`` by kind (ids are short strings, unique inside the question):

- single / multiple: ``{"choices": [{"id", "text", "fraction", "feedback"}], "partial": rule}``;
  a fraction is the share of the mark a choice earns (negative for a wrong one in multiple).
- true_false: ``{"answer": bool, "feedback_true": str, "feedback_false": str}``
- short: ``{"answers": [{"text", "fraction", "feedback"}], "case_sensitive": bool}``
- numeric: ``{"answers": [{"value", "tolerance", "fraction"}]}``
- matching: ``{"pairs": [{"id", "prompt", "answer"}]}``
- ordering: ``{"items": [{"id", "text"}]}`` in the right order
- cloze: ``{"blanks": [{"id", "answers": [str]}]}``; the text marks each blank as ``[[id]]``
- essay: ``{"rubric": [{"criterion", "points"}]}``
"""

import math
import re

from django.utils.translation import gettext as _

from .models import QuestionKind

BLANK = re.compile(r"\[\[([A-Za-z0-9_-]{1,20})\]\]")

# Multiple response: how the chosen options become a mark.
PARTIAL_RULES = ("fractions", "all_or_nothing", "right_minus_wrong")


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _ids_unique(rows: list[dict]) -> bool:
    ids = [row.get("id") for row in rows]
    return all(isinstance(i, str) and i for i in ids) and len(set(ids)) == len(ids)


def data_problems(kind: str, text: str, data: dict) -> list[str]:
    """What is wrong with a question's answer data (translated sentences); empty when sound."""
    if not isinstance(data, dict):
        return [_("The answer data is not readable.")]
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        choices = data.get("choices")
        if not isinstance(choices, list) or len(choices) < 2 or not _ids_unique(choices):
            return [_("A choice question needs at least two choices.")]
        if not all(isinstance(c.get("text"), str) and _number(c.get("fraction")) for c in choices):
            return [_("Each choice needs a text and a mark.")]
        if kind == QuestionKind.SINGLE and max(c["fraction"] for c in choices) < 1:
            return [_("One choice must earn the full mark.")]
        if kind == QuestionKind.MULTIPLE:
            if sum(c["fraction"] for c in choices if c["fraction"] > 0) < 0.99:
                return [_("The right choices together must earn the full mark.")]
            if data.get("partial", "fractions") not in PARTIAL_RULES:
                return [_("Unknown partial-credit rule.")]
        return []
    if kind == QuestionKind.TRUE_FALSE:
        return [] if isinstance(data.get("answer"), bool) else [_("Say whether the statement is true.")]
    if kind == QuestionKind.SHORT:
        answers = data.get("answers")
        if not isinstance(answers, list) or not answers:
            return [_("A short-answer question needs at least one accepted answer.")]
        if not all(
            isinstance(a.get("text"), str) and a["text"].strip() and _number(a.get("fraction"))
            for a in answers
        ):
            return [_("Each accepted answer needs a text and a mark.")]
        if max(a["fraction"] for a in answers) < 1:
            return [_("One answer must earn the full mark.")]
        return []
    if kind == QuestionKind.NUMERIC:
        answers = data.get("answers")
        if not isinstance(answers, list) or not answers:
            return [_("A numeric question needs at least one answer.")]
        if not all(
            _number(a.get("value")) and _number(a.get("tolerance", 0)) and a.get("tolerance", 0) >= 0
            for a in answers
        ):
            return [_("Each numeric answer needs a number and a tolerance of zero or more.")]
        return []
    if kind == QuestionKind.MATCHING:
        pairs = data.get("pairs")
        if not isinstance(pairs, list) or len(pairs) < 2 or not _ids_unique(pairs):
            return [_("A matching question needs at least two pairs.")]
        if not all(isinstance(p.get("prompt"), str) and isinstance(p.get("answer"), str) for p in pairs):
            return [_("Each pair needs a prompt and an answer.")]
        return []
    if kind == QuestionKind.ORDERING:
        items = data.get("items")
        if not isinstance(items, list) or len(items) < 2 or not _ids_unique(items):
            return [_("An ordering question needs at least two items.")]
        return []
    if kind == QuestionKind.CLOZE:
        blanks = data.get("blanks")
        if not isinstance(blanks, list) or not blanks or not _ids_unique(blanks):
            return [_("A fill-in-the-blanks question needs at least one blank.")]
        if {b["id"] for b in blanks} != set(BLANK.findall(text)):
            return [_("Each blank in the text needs its answers, and each answer its blank.")]
        if not all(isinstance(b.get("answers"), list) and b["answers"] for b in blanks):
            return [_("Each blank needs at least one accepted answer.")]
        return []
    if kind == QuestionKind.ESSAY:
        rubric = data.get("rubric", [])
        if not isinstance(rubric, list) or not all(
            isinstance(r.get("criterion"), str) and _number(r.get("points")) and r["points"] > 0
            for r in rubric
        ):
            return [_("Each rubric criterion needs a name and points.")]
        return []
    return [_("Unknown question kind.")]
