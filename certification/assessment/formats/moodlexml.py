"""Moodle XML (https://docs.moodle.org/en/Moodle_XML_format): read with defusedxml, written back.

Supported types: multichoice (single and multiple), truefalse, shortanswer, numerical, matching,
essay, ordering (the qtype_ordering plugin), cloze with short-answer blanks, categories, and one
embedded image per question (base64 ``<file>``). HTML question text becomes plain text.
"""

import base64
import binascii
import html
import re
import xml.etree.ElementTree as ET

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from django.utils.translation import gettext as _

from certification.assessment.bank.kinds import BLANK, data_problems

from .parsed import ParsedQuestion

MAX_IMAGE_BYTES = 2 * 1024 * 1024
_TAGS = re.compile(r"<[^>]+>")
_BREAKS = re.compile(r"<\s*(br\s*/?|/p|/div|/li)\s*>", flags=re.IGNORECASE)
_CLOZE = re.compile(r"\{(\d*):(SHORTANSWER|SA|MW|SHORTANSWER_C|SAC|MWC|[A-Z_]+):([^}]*)\}")


def _to_plain(text: str) -> str:
    text = _BREAKS.sub("\n", text or "")
    text = html.unescape(_TAGS.sub("", text))
    text = re.sub(r"@@PLUGINFILE@@/\S+", "", text)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _text(node, path: str) -> str:
    found = node.find(path)
    if found is None:
        return ""
    inner = found.find("text")
    return (inner.text if inner is not None else found.text) or ""


def _fraction(answer) -> float:
    try:
        return float(answer.get("fraction", "0")) / 100
    except ValueError:
        return 0.0


def _image(node) -> tuple[str, bytes] | None:
    found = node.find("questiontext/file")
    if found is None:
        return None
    try:
        content = base64.b64decode(found.text or "", validate=True)
    except (binascii.Error, ValueError):
        return None
    if not content or len(content) > MAX_IMAGE_BYTES:
        return None
    return (found.get("name") or "image.png")[:100], content


def _question(node, index: int, category: str) -> ParsedQuestion:
    kind = node.get("type", "")
    question = ParsedQuestion(
        index=index,
        name=_to_plain(_text(node, "name"))[:200],
        text=_to_plain(_text(node, "questiontext")),
        general_feedback=_to_plain(_text(node, "generalfeedback")),
        category=category,
        image=_image(node),
    )
    try:
        question.default_mark = float(_text(node, "defaultgrade") or 1)
    except ValueError:
        question.default_mark = 1.0
    answers = node.findall("answer")
    if kind == "multichoice":
        single = (_text(node, "single") or "true").strip().lower() in ("true", "1")
        question.kind = "single" if single else "multiple"
        question.data = {
            "choices": [
                {
                    "id": chr(ord("a") + n) if n < 26 else str(n),
                    "text": _to_plain(_text(a, ".")),
                    "fraction": _fraction(a),
                    "feedback": _to_plain(_text(a, "feedback")),
                }
                for n, a in enumerate(answers)
            ]
        }
        if not single:
            question.data["partial"] = "fractions"
    elif kind == "truefalse":
        right = next((_text(a, ".").strip().lower() for a in answers if _fraction(a) >= 1), "")
        if right not in ("true", "false"):
            question.problem = _("A true/false question needs “true” or “false” as its right answer.")
        question.kind = "true_false"
        question.data = {"answer": right == "true"}
    elif kind == "shortanswer":
        question.kind = "short"
        question.data = {
            "answers": [
                {
                    "text": _to_plain(_text(a, ".")),
                    "fraction": _fraction(a),
                    "feedback": _to_plain(_text(a, "feedback")),
                }
                for a in answers
            ],
            "case_sensitive": _text(node, "usecase").strip() == "1",
        }
    elif kind == "numerical":
        question.kind = "numeric"
        rows = []
        for a in answers:
            try:
                rows.append(
                    {
                        "value": float(_text(a, ".")),
                        "tolerance": abs(float(_text(a, "tolerance") or 0)),
                        "fraction": _fraction(a),
                    }
                )
            except ValueError:
                question.problem = _("The numeric answer “%(answer)s” is not a number.") % {
                    "answer": _text(a, ".")[:40]
                }
        question.data = {"answers": rows}
    elif kind == "matching":
        question.kind = "matching"
        pairs = []
        for n, sub in enumerate(node.findall("subquestion"), start=1):
            prompt = _to_plain(_text(sub, "."))
            if prompt:  # Moodle's extra wrong answers have no prompt; they are left out
                pairs.append({"id": str(n), "prompt": prompt, "answer": _to_plain(_text(sub, "answer"))})
        question.data = {"pairs": pairs}
    elif kind == "ordering":
        question.kind = "ordering"
        question.data = {
            "items": [
                {"id": str(n), "text": _to_plain(_text(a, "."))} for n, a in enumerate(answers, start=1)
            ]
        }
    elif kind == "essay":
        question.kind = "essay"
        rubric = _rubric(_to_plain(_text(node, "graderinfo")))
        question.data = {"rubric": rubric or [{"criterion": _("Overall"), "points": 1}]}
    elif kind in ("cloze", "multianswer"):
        _cloze(question, _to_plain(_text(node, "questiontext")))
    else:
        question.problem = _("The question type “%(type)s” is not supported.") % {"type": kind[:40]}
    if not question.problem:
        if not question.text:
            question.problem = _("The question has no text.")
        else:
            question.problem = " ".join(data_problems(question.kind, question.text, question.data))
    question.name = question.name or question.text[:60]
    return question


def _rubric(text: str) -> list[dict]:
    """Rubric lines as this module writes them in ``graderinfo``: ``criterion | points``."""
    rows = []
    for line in text.splitlines():
        criterion, sep, points = line.rpartition("|")
        if sep and criterion.strip():
            try:
                rows.append({"criterion": criterion.strip(), "points": float(points)})
            except ValueError:
                return []
    return rows


def _cloze(question: ParsedQuestion, text: str) -> None:
    question.kind = "cloze"
    blanks = []

    def blank(match: re.Match) -> str:
        subtype = match.group(2)
        if subtype not in ("SHORTANSWER", "SA", "MW", "SHORTANSWER_C", "SAC", "MWC"):
            question.problem = _(
                "Only short-answer blanks are supported in a cloze question (found %(type)s)."
            ) % {"type": subtype}
            return ""
        number = str(len(blanks) + 1)
        accepted = [
            part.partition("#")[0].lstrip("=")
            for part in match.group(3).split("~")
            if part.startswith(("=", "%100%"))
        ]
        accepted = [re.sub(r"^%100%", "", a).strip() for a in accepted if a.strip()]
        blanks.append({"id": number, "answers": accepted})
        return f"[[{number}]]"

    question.text = _CLOZE.sub(blank, text)
    question.data = {"blanks": blanks}


def read_moodle_xml(content: bytes) -> list[ParsedQuestion]:
    """Every question of a Moodle XML file, in order, each read or refused. Raises ``ValueError``
    with a translated reason when the file is not Moodle XML at all."""
    try:
        root = SafeET.fromstring(content)
    except (SafeET.ParseError, DefusedXmlException, ValueError) as error:
        raise ValueError(_("This is not a readable XML file.")) from error
    if root.tag != "quiz":
        raise ValueError(_("This XML file is not a Moodle question file (no <quiz> element)."))
    questions: list[ParsedQuestion] = []
    category = ""
    for node in root.findall("question"):
        if node.get("type") == "category":
            category = _text(node, "category").strip().split("/")[-1]
            continue
        questions.append(_question(node, len(questions) + 1, category))
    return questions


# --- export ---------------------------------------------------------------------------------------


def _text_node(parent, tag: str, value: str, *, format: str | None = "plain_text"):
    node = ET.SubElement(parent, tag, {"format": format} if format else {})
    ET.SubElement(node, "text").text = value
    return node


def _answer(parent, text: str, fraction: float, feedback: str = ""):
    node = ET.SubElement(parent, "answer", {"fraction": f"{fraction * 100:g}", "format": "plain_text"})
    ET.SubElement(node, "text").text = text
    _text_node(node, "feedback", feedback)
    return node


def write_moodle_xml(versions, *, category: str = "") -> bytes:
    """Question versions as a Moodle XML file (the current version of each bank question)."""
    root = ET.Element("quiz")
    if category:
        node = ET.SubElement(root, "question", {"type": "category"})
        _text_node(node, "category", f"$course$/{category}", format=None)
    for version in versions:
        _export_one(root, version)
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")


_TYPES = {
    "single": "multichoice",
    "multiple": "multichoice",
    "true_false": "truefalse",
    "short": "shortanswer",
    "numeric": "numerical",
    "matching": "matching",
    "ordering": "ordering",
    "cloze": "cloze",
    "essay": "essay",
}


def _export_one(root, version) -> None:
    data = version.data
    node = ET.SubElement(root, "question", {"type": _TYPES[version.kind]})
    _text_node(node, "name", version.name, format=None)
    text = version.text
    if version.kind == "cloze":
        answers = {b["id"]: b["answers"] for b in data["blanks"]}
        text = BLANK.sub(
            lambda m: "{1:SHORTANSWER:" + "~".join(f"={a}" for a in answers.get(m.group(1), [])) + "}", text
        )
    _text_node(node, "questiontext", text)
    _text_node(node, "generalfeedback", version.general_feedback)
    ET.SubElement(node, "defaultgrade").text = f"{float(version.default_mark):g}"
    if version.kind in ("single", "multiple"):
        ET.SubElement(node, "single").text = "true" if version.kind == "single" else "false"
        ET.SubElement(node, "shuffleanswers").text = "1"
        for choice in data["choices"]:
            _answer(node, choice["text"], choice["fraction"], choice.get("feedback", ""))
    elif version.kind == "true_false":
        _answer(node, "true", 1.0 if data["answer"] else 0.0)
        _answer(node, "false", 0.0 if data["answer"] else 1.0)
    elif version.kind == "short":
        ET.SubElement(node, "usecase").text = "1" if data.get("case_sensitive") else "0"
        for answer in data["answers"]:
            _answer(node, answer["text"], answer["fraction"], answer.get("feedback", ""))
    elif version.kind == "numeric":
        for answer in data["answers"]:
            ET.SubElement(
                _answer(node, f"{answer['value']:g}", answer["fraction"]), "tolerance"
            ).text = f"{answer.get('tolerance', 0):g}"
    elif version.kind == "matching":
        for pair in data["pairs"]:
            sub = _text_node(node, "subquestion", pair["prompt"])
            ET.SubElement(ET.SubElement(sub, "answer"), "text").text = pair["answer"]
    elif version.kind == "ordering":
        for item in data["items"]:
            _answer(node, item["text"], 1.0)
    elif version.kind == "essay":
        rubric = "\n".join(f"{r['criterion']} | {r['points']:g}" for r in data.get("rubric", []))
        _text_node(node, "graderinfo", rubric)
