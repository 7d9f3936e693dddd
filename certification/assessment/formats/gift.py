"""GIFT, Moodle's plain-text question format (https://docs.moodle.org/en/GIFT_format).

Supported: multiple choice (one right answer, or weighted ``~%50%`` answers for multiple
response), missing word (answers inside the sentence), true/false, short answer, numeric
(``#value:tolerance`` and ``#min..max``), matching (``=a -> b``), essay (``{}``), comments,
``::title::``, ``$CATEGORY:``, ``[format]`` prefixes, ``#feedback``, ``####general feedback`` and
backslash escapes. A question that cannot be read is refused with the reason, not guessed at.
"""

import re

from django.utils.translation import gettext as _

from certification.assessment.bank.kinds import data_problems

from .parsed import ParsedQuestion

_ESCAPED = {
    "\\~": "\x01",
    "\\=": "\x02",
    "\\#": "\x03",
    "\\{": "\x04",
    "\\}": "\x05",
    "\\:": "\x06",
    "\\n": "\n",
}
_RESTORE = str.maketrans({"\x01": "~", "\x02": "=", "\x03": "#", "\x04": "{", "\x05": "}", "\x06": ":"})
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_FORMAT = re.compile(r"^\[(html|moodle|plain|markdown)\]")


def _hide_escapes(text: str) -> str:
    for escaped, mark in _ESCAPED.items():
        text = text.replace(escaped, mark)
    return text


def _plain(text: str) -> str:
    return _FORMAT.sub("", text.strip()).translate(_RESTORE).strip()


def _blocks(text: str) -> list[str]:
    """Questions are separated by blank lines; comment lines (``//``) are dropped."""
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("//")]
    blocks, current = [], []
    for line in lines:
        if line.strip():
            current.append(line)
        elif current:
            blocks.append("\n".join(current))
            current = []
    if current:
        blocks.append("\n".join(current))
    return blocks


def _split_answers(body: str) -> list[tuple[str, str]]:
    """``=a#f ~b`` → [("=", "a#f"), ("~", "b")]."""
    parts = re.split(r"([=~])", body)
    answers = []
    for marker, content in zip(parts[1::2], parts[2::2], strict=False):
        answers.append((marker, content))
    return answers


def _weight(text: str, default: float) -> tuple[float, str]:
    found = _WEIGHT.match(text.strip())
    if found:
        return float(found.group(1)) / 100, text.strip()[found.end() :]
    return default, text


def _feedback(text: str) -> tuple[str, str]:
    answer, _sep, feedback = text.partition("#")
    return _plain(answer), _plain(feedback)


def _answers(body: str, name: str, text: str, index: int) -> ParsedQuestion:
    question = ParsedQuestion(index=index, name=name, text=text)
    body, _sep, general = body.partition("####")
    question.general_feedback = _plain(general)
    stripped = body.strip()
    if not stripped:
        question.kind = "essay"
        question.data = {"rubric": [{"criterion": _("Overall"), "points": 1}]}
        return question
    if re.fullmatch(r"(T|TRUE|F|FALSE)(#.*)?(#.*)?", stripped, flags=re.DOTALL):
        value, _sep, feedback = stripped.partition("#")
        question.kind = "true_false"
        question.data = {"answer": value in ("T", "TRUE"), "feedback": _plain(feedback)}
        return question
    if stripped.startswith("#"):
        return _numeric(question, stripped[1:])
    answers = _split_answers(stripped)
    if not answers:
        question.problem = _("The answers could not be read.")
        return question
    if all(marker == "=" and "->" in content for marker, content in answers):
        pairs = []
        for number, (_m, content) in enumerate(answers, start=1):
            prompt, _arrow, answer = content.partition("->")
            pairs.append({"id": str(number), "prompt": _plain(prompt), "answer": _plain(answer)})
        question.kind = "matching"
        question.data = {"pairs": pairs}
        return question
    wrong = [c for m, c in answers if m == "~"]
    right = [c for m, c in answers if m == "="]
    if not wrong:
        question.kind = "short"
        rows = []
        for content in right:
            fraction, content = _weight(content, 1.0)
            answer, feedback = _feedback(content)
            rows.append({"text": answer, "fraction": fraction, "feedback": feedback})
        question.data = {"answers": rows}
        return question
    choices = []
    for number, (marker, content) in enumerate(answers):
        fraction, content = _weight(content, 1.0 if marker == "=" else 0.0)
        answer, feedback = _feedback(content)
        choices.append(
            {
                "id": chr(ord("a") + number) if number < 26 else str(number),
                "text": answer,
                "fraction": fraction,
                "feedback": feedback,
            }
        )
    positive = [c for c in choices if c["fraction"] > 0]
    question.kind = "single" if len(positive) == 1 and positive[0]["fraction"] >= 1 else "multiple"
    question.data = {"choices": choices}
    if question.kind == "multiple":
        question.data["partial"] = "fractions"
    return question


def _numeric(question: ParsedQuestion, body: str) -> ParsedQuestion:
    rows = []
    entries = [c for _m, c in _split_answers(body)] if "=" in body else [body]
    for entry in entries:
        fraction, entry = _weight(entry, 1.0)
        entry, _feedback_text = _feedback(entry)
        try:
            if ".." in entry:
                low, high = (float(x) for x in entry.split(".."))
                rows.append(
                    {"value": (low + high) / 2, "tolerance": abs(high - low) / 2, "fraction": fraction}
                )
            else:
                value, _sep, tolerance = entry.partition(":")
                rows.append(
                    {"value": float(value), "tolerance": abs(float(tolerance or 0)), "fraction": fraction}
                )
        except ValueError:
            question.problem = _("The numeric answer “%(answer)s” is not a number.") % {"answer": entry[:40]}
            return question
    question.kind = "numeric"
    question.data = {"answers": rows}
    return question


def read_gift(text: str) -> list[ParsedQuestion]:
    """Every question of a GIFT file, in order, each read or refused."""
    questions: list[ParsedQuestion] = []
    category = ""
    for block in _blocks(text):
        raw = _hide_escapes(block.strip())
        if raw.startswith("$CATEGORY:"):
            category = raw.partition(":")[2].strip().split("/")[-1]
            continue
        index = len(questions) + 1
        name = ""
        title = re.match(r"^::(.*?)::", raw, flags=re.DOTALL)
        if title:
            name = _plain(title.group(1))
            raw = raw[title.end() :]
        if raw.count("{") != 1 or raw.count("}") != 1 or raw.index("{") > raw.index("}"):
            questions.append(
                ParsedQuestion(
                    index=index,
                    name=name or _plain(raw)[:60],
                    problem=_("No answers between one pair of braces { }."),
                )
            )
            continue
        before, rest = raw.split("{", 1)
        body, after = rest.split("}", 1)
        text_before, text_after = _plain(before), _plain(after)
        text = f"{text_before} _____ {text_after}".strip() if text_after else text_before
        question = _answers(body, name or text[:60], text, index)
        question.category = category
        if question.kind == "short" and text_after:
            question.kind = "cloze"
            question.text = f"{text_before} [[1]] {text_after}"
            question.data = {
                "blanks": [
                    {
                        "id": "1",
                        "answers": [a["text"] for a in question.data["answers"] if a["fraction"] >= 1],
                    }
                ]
            }
        if not question.problem:
            if not question.text:
                question.problem = _("The question has no text.")
            else:
                question.problem = " ".join(data_problems(question.kind, question.text, question.data))
        questions.append(question)
    return questions
