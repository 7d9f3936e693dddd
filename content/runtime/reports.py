"""Read side of attempts for instructors: who tried a package, what the runtime holds for each item,
the commits received and the statements the LRS stored for the attempt.

Selectors only (no writes). The admin views in ``content/runtime/admin_views.py`` show them; the
reach rule for whose attempts a person may see lives in ``attempts_in_reach``.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import get_language

from content.handlers import XAPI_KINDS, XapiHandler, handler_for, xapi_handler_for
from content.handlers.data import ResultData
from content.lrs.models import Statement
from content.packages.models import ContentItem, ContentPackage
from courses import api as courses_api

from . import cmi5
from .models import Attempt, RuntimeCommit
from .services import item_result
from .structure import Node, item_tree
from .timing import seconds
from .xapi import xapi_item_done

STATEMENTS_SHOWN = 200
COMMITS_SHOWN = 200

_INTERACTION = re.compile(r"^cmi\.interactions\.(\d+)\.(.+)$")
_LISTED = re.compile(r"^(correct_responses|objectives)\.(\d+)\.(pattern|id)$")
_DIGITS = re.compile(r"(\d+)")


@dataclass(frozen=True)
class Interaction:
    """One ``cmi.interactions.N`` of SCORM 1.2 or 2004, in the terms common to both."""

    index: int
    id: str = ""
    type: str = ""
    # 1.2 ``student_response`` / 2004 ``learner_response``.
    response: str = ""
    result: str = ""
    correct_responses: tuple[str, ...] = ()
    objectives: tuple[str, ...] = ()
    # The latency as written ("0000:00:12.5" or "PT12.5S") and in whole seconds (None: unreadable or 0).
    latency: str = ""
    latency_seconds: int | None = None
    # 1.2 ``time`` (a time of day) / 2004 ``timestamp`` (a date and time).
    time: str = ""
    weighting: str = ""
    description: str = ""


@dataclass(frozen=True)
class ItemReport:
    """What the runtime holds for one launchable item of the attempt's version."""

    identifier: str
    title: str
    # The item's lesson or completion status as the content wrote it ("" when never opened).
    status: str
    success: str
    result: ResultData
    runtime: list[tuple[str, str]] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)
    sequence: int | None = None
    session: int | None = None
    seconds: int = 0
    position: int = 0


@dataclass(frozen=True)
class BlockReport:
    """One cmi5 block of the attempt's course: its title, how deep it sits, whether it is satisfied."""

    title: str
    depth: int
    satisfied: bool


@dataclass(frozen=True)
class StatementRow:
    """One stored statement, reduced to what an instructor reads."""

    statement_id: str
    timestamp: Any
    verb_id: str
    verb: str
    object_id: str
    object_name: str
    # In per cent (from the scaled score, or raw over max), None when the statement has no score.
    score: float | None
    completion: bool | None
    success: bool | None


# --- Attempts -------------------------------------------------------------------------------------


def attempts_in_reach(*, user, package: ContentPackage) -> QuerySet[Attempt]:
    """The attempts at ``package`` that ``user`` may see, newest first.

    The caller has already checked that ``user`` reaches the package. Managers see every attempt;
    anyone else only those made for an activity of a course they teach or for the activity the
    package is attached to now, so a package moved between courses never shows one course's
    trainees to the instructors of another.
    """
    attempts = Attempt.objects.filter(version__package=package, is_preview=False)
    if not courses_api.manages_all_courses(user=user):
        taught = courses_api.activities_in_reach(user=user).values("pk")
        attempts = attempts.filter(Q(activity__in=taught) | Q(activity_id=package.activity_id))
    return attempts.select_related("user", "version").order_by("-started_at", "-pk")


def attempts_matching(attempts: QuerySet[Attempt], text: str) -> QuerySet[Attempt]:
    """Attempts whose trainee's name (Arabic or Latin script) or identifier contains ``text``."""
    text = (text or "").strip()
    if not text:
        return attempts
    query = Q()
    for name in ("full_name_ar", "full_name_latin", "email", "phone", "employee_number"):
        query |= Q(**{f"user__{name}__icontains": text})
    return attempts.filter(query)


def duration_hm(total_seconds: int | None) -> str:
    """Hours and minutes, ``h:mm`` (``1:05`` for 65 minutes); seconds are dropped."""
    minutes = max(0, int(total_seconds or 0)) // 60
    return f"{minutes // 60}:{minutes % 60:02d}"


# --- Runtime data ---------------------------------------------------------------------------------


def _natural(key: str) -> list[Any]:
    """Sort key that puts ``cmi.objectives.10`` after ``cmi.objectives.2``."""
    return [int(part) if part.isdigit() else part for part in _DIGITS.split(key)]


def runtime_rows(cmi: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The flattened CMI as (key, value) rows in natural order, interactions aside (they have
    their own table)."""
    return [
        (key, "" if cmi[key] is None else str(cmi[key]))
        for key in sorted(cmi, key=_natural)
        if not key.startswith("cmi.interactions.")
    ]


def interactions_from(cmi: Mapping[str, Any]) -> list[Interaction]:
    """The interactions written in a flattened CMI, one per index, in index order.

    Reads both SCORM 1.2 (``student_response``, ``time``) and 2004 (``learner_response``,
    ``timestamp``, ``description``) element names; counts (``_count``) are ignored.
    """
    found: dict[int, dict[str, Any]] = {}
    for key, value in cmi.items():
        match = _INTERACTION.match(key)
        if not match:
            continue
        index, element = int(match.group(1)), match.group(2)
        text = "" if value is None else str(value)
        entry = found.setdefault(index, {"correct_responses": {}, "objectives": {}})
        listed = _LISTED.match(element)
        if listed:
            entry[listed.group(1)][int(listed.group(2))] = text
        elif element in ("student_response", "learner_response"):
            entry["response"] = text
        elif element in ("time", "timestamp"):
            entry["time"] = text
        elif element in ("id", "type", "result", "latency", "weighting", "description"):
            entry[element] = text
    interactions = []
    for index in sorted(found):
        entry = found[index]
        correct, objectives = entry.pop("correct_responses"), entry.pop("objectives")
        interactions.append(
            Interaction(
                index=index,
                correct_responses=tuple(correct[n] for n in sorted(correct)),
                objectives=tuple(objectives[n] for n in sorted(objectives)),
                # 0 is also what an unreadable latency gives: then only the text is shown.
                latency_seconds=seconds(entry.get("latency")) or None,
                **entry,
            )
        )
    return interactions


def _status(attempt: Attempt, item: ContentItem, entry: Mapping[str, Any]) -> str:
    """SCORM's lesson or completion status; for xAPI content, what its statements amount to."""
    if attempt.version.kind not in XAPI_KINDS:
        cmi: Mapping[str, Any] = entry.get("cmi") or {}
        return str(cmi.get("cmi.core.lesson_status") or cmi.get("cmi.completion_status") or "")
    if entry.get("waived"):
        return "waived"
    # A format with LMS duties (cmi5) judges items by moveOn: "satisfied".
    if xapi_handler_for(attempt.version.kind).lms_statements and xapi_item_done(attempt, item):
        return "satisfied"
    if not entry:
        return ""
    return "completed" if (entry.get("result") or {}).get("completed") else "incomplete"


def _success(attempt: Attempt, entry: Mapping[str, Any]) -> str:
    if attempt.version.kind not in XAPI_KINDS:
        return str((entry.get("cmi") or {}).get("cmi.success_status") or "")
    passed = (entry.get("result") or {}).get("passed")
    return "" if passed is None else ("passed" if passed else "failed")


def attempt_blocks(*, attempt: Attempt) -> list[BlockReport]:
    """The blocks of a format that has them (cmi5), in course order; none for the others."""
    handler = handler_for(attempt.version.kind)
    if not (isinstance(handler, XapiHandler) and handler.lms_statements):
        return []
    satisfied = cmi5.blocks_satisfied(attempt)
    reports: list[BlockReport] = []

    def walk(nodes: list[Node], depth: int) -> None:
        for node in nodes:
            if not node.item.is_launchable:
                reports.append(BlockReport(node.item.title, depth, node.identifier in satisfied))
                walk(node.children, depth + 1)

    walk(item_tree(list(attempt.version.items.all())), 0)
    return reports


def attempt_items(*, attempt: Attempt) -> list[ItemReport]:
    """One report per launchable item of the attempt's version, in the package's order."""
    items: Iterable[ContentItem] = attempt.version.items.filter(is_launchable=True).order_by("position")
    reports = []
    for item in items:
        entry = attempt.state.get(item.identifier) or {}
        cmi: Mapping[str, Any] = entry.get("cmi") or {}
        reports.append(
            ItemReport(
                identifier=item.identifier,
                title=item.title,
                status=_status(attempt, item, entry),
                success=_success(attempt, entry),
                result=item_result(attempt, item.identifier),
                runtime=runtime_rows(cmi),
                interactions=interactions_from(cmi),
                sequence=entry.get("sequence"),
                session=entry.get("session"),
                seconds=int(entry.get("seconds", 0) or 0),
                position=item.position,
            )
        )
    return reports


def attempt_commits(*, attempt: Attempt, limit: int = COMMITS_SHOWN) -> tuple[list[RuntimeCommit], int]:
    """The newest ``limit`` commits of the attempt (newest first) and how many there are in all."""
    commits = attempt.commits.order_by("-sequence")
    return list(commits.defer("cmi")[:limit]), commits.count()


def item_titles(*, attempt: Attempt) -> dict[str, str]:
    return dict(attempt.version.items.values_list("identifier", "title"))


# --- Statements -----------------------------------------------------------------------------------


def _in_language(language_map: Any) -> str:
    """The text of an xAPI language map in the admin's language, else English, else any."""
    if not isinstance(language_map, Mapping) or not language_map:
        return ""
    language = (get_language() or "").lower()
    by_tag = {str(tag).lower(): value for tag, value in language_map.items()}
    for tag in (language, language.split("-")[0], "en-us", "en", "en-gb", "und"):
        if tag and by_tag.get(tag):
            return str(by_tag[tag])
    for tag, value in by_tag.items():
        if tag.split("-")[0] == language.split("-")[0] and value:
            return str(value)
    return str(next(iter(language_map.values())) or "")


def _score(result: Mapping[str, Any]) -> float | None:
    score = result.get("score")
    if not isinstance(score, Mapping):
        return None
    scaled = score.get("scaled")
    if isinstance(scaled, (int, float)) and not isinstance(scaled, bool):
        return round(float(scaled) * 100, 2)
    raw, maximum = score.get("raw"), score.get("max")
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (raw, maximum))
    if numbers and maximum:
        minimum = score.get("min") if isinstance(score.get("min"), (int, float)) else 0
        span = float(maximum) - float(minimum)
        return round((float(raw) - float(minimum)) * 100 / span, 2) if span else None
    return None


def _flag(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def statement_row(statement: Statement) -> StatementRow:
    data = statement.data if isinstance(statement.data, Mapping) else {}
    verb = data.get("verb") if isinstance(data.get("verb"), Mapping) else {}
    target = data.get("object") if isinstance(data.get("object"), Mapping) else {}
    definition = target.get("definition") if isinstance(target.get("definition"), Mapping) else {}
    result = data.get("result") if isinstance(data.get("result"), Mapping) else {}
    verb_id = statement.verb_id or str(verb.get("id", ""))
    return StatementRow(
        statement_id=str(statement.statement_id),
        timestamp=statement.timestamp,
        verb_id=verb_id,
        verb=_in_language(verb.get("display")) or verb_id.rstrip("/").rsplit("/", 1)[-1],
        object_id=statement.object_activity_id or str(target.get("id", "")),
        object_name=_in_language(definition.get("name")),
        score=_score(result),
        completion=_flag(result.get("completion")),
        success=_flag(result.get("success")),
    )


def attempt_statements(*, attempt: Attempt, limit: int = STATEMENTS_SHOWN) -> tuple[list[StatementRow], int]:
    """The newest ``limit`` statements stored for the attempt's registration (voided ones aside),
    newest first, and how many there are in all."""
    statements = Statement.objects.filter(registration=attempt.registration, voided=False)
    rows = statements.order_by("-timestamp", "-stored", "-pk")[:limit]
    return [statement_row(statement) for statement in rows], statements.count()


def shows_statements(attempt: Attempt) -> bool:
    return attempt.version.kind in XAPI_KINDS
