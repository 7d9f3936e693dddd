"""Statement helpers with no database: timestamps, IFI extraction, comparison, output formats."""

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from .validation import agent_ifi


def format_timestamp(moment: datetime) -> str:
    """ISO 8601 in UTC with milliseconds, as every stored statement carries it."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def object_type(obj: dict) -> str:
    return obj.get("objectType", "Activity")


def _context_activities(context: dict) -> Iterator[str]:
    for items in context.get("contextActivities", {}).values():
        for activity in items if isinstance(items, list) else [items]:
            yield activity["id"]


def _agents_in(actor: dict) -> Iterator[str]:
    ifi = agent_ifi(actor)
    if ifi:
        yield ifi
    for member in actor.get("member", ()):
        yield from _agents_in(member)


def related_ids(statement: dict) -> tuple[set[str], set[str]]:
    """Agents' IFIs and activity ids a statement mentions, for ``related_agents``/``related_activities``.

    Actor and object are included: the caller leaves out those already in indexed columns.
    """
    agents: set[str] = set()
    activities: set[str] = set()

    def visit(part: dict) -> None:
        agents.update(_agents_in(part["actor"]))
        obj = part["object"]
        kind = object_type(obj)
        if kind == "Activity":
            activities.add(obj["id"])
        elif kind in ("Agent", "Group"):
            agents.update(_agents_in(obj))
        elif kind == "SubStatement":
            visit(obj)
        context = part.get("context", {})
        for key in ("instructor", "team"):
            if key in context:
                agents.update(_agents_in(context[key]))
        # xAPI 2.0: context agents and groups are related agents too (Communication 2.1.3).
        for item in context.get("contextAgents", ()):
            agents.update(_agents_in(item["agent"]))
        for item in context.get("contextGroups", ()):
            agents.update(_agents_in(item["group"]))
        activities.update(_context_activities(context))

    visit(statement)
    if "authority" in statement:
        agents.update(_agents_in(statement["authority"]))
    return agents, activities


# Properties the LRS sets or may change, left out when two statements with one id are compared.
_NOT_COMPARED = ("authority", "stored", "version")


def _normalised(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _normalised(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normalised(item) for item in value]
    return value


# The seconds of a duration, with their fraction (Data 4.6).
_SECONDS = re.compile(r"(\d+)(?:[.,](\d+))?S$")


def _hundredths(duration: Any) -> Any:
    """A duration with its seconds cut to 0.01 s, the precision statements are compared at
    (Data 4.6): "PT1.2567S" and "PT1.25S" are the same duration, and so are "PT1.1S" and "PT1.10S"."""
    if not isinstance(duration, str):
        return duration
    return _SECONDS.sub(lambda m: f"{m.group(1)}.{((m.group(2) or '') + '00')[:2]}S", duration)


def _compared(statement: dict) -> dict:
    """The statement as it is compared: without what the LRS sets, durations at 0.01 s."""
    out = {k: v for k, v in statement.items() if k not in _NOT_COMPARED}
    for part, key in ((out, "result"), (out.get("object"), "result")):
        if isinstance(part, dict) and isinstance(part.get(key), dict) and "duration" in part[key]:
            result = {**part[key], "duration": _hundredths(part[key]["duration"])}
            if part is out:
                out["result"] = result
            else:
                out["object"] = {**part, "result": result}
    return out


def same_statement(existing: dict, incoming: dict) -> bool:
    """Whether ``incoming`` repeats ``existing`` (xAPI 1.0.3, Data 2.3.1 statement comparison)."""
    left = _compared(existing)
    right = _compared(incoming)
    if "timestamp" not in incoming:
        left.pop("timestamp", None)
    right.setdefault("id", left.get("id"))
    if "id" in left and "id" in right:
        left["id"], right["id"] = left["id"].lower(), right["id"].lower()
    return _canon_json(left) == _canon_json(right)


def _canon_json(value: Any) -> str:
    return json.dumps(_normalised(value), sort_keys=True, separators=(",", ":"))


def _ids_agent(agent: dict) -> dict:
    out = {"objectType": agent.get("objectType", "Agent")} if "objectType" in agent else {}
    for key in ("mbox", "mbox_sha1sum", "openid", "account"):
        if key in agent:
            out[key] = agent[key]
    if agent.get("objectType") == "Group" and not agent_ifi(agent) and "member" in agent:
        out["member"] = [_ids_agent(member) for member in agent["member"]]
    return out


def _ids_part(part: dict) -> dict:
    out = dict(part)
    out["actor"] = _ids_agent(part["actor"])
    out["verb"] = {"id": part["verb"]["id"]}
    obj = part["object"]
    kind = object_type(obj)
    if kind == "Activity":
        out["object"] = {"id": obj["id"]}
    elif kind in ("Agent", "Group"):
        out["object"] = _ids_agent(obj)
    elif kind == "SubStatement":
        out["object"] = _ids_part(obj)
    if "context" in part:
        context = dict(part["context"])
        for key in ("instructor", "team"):
            if key in context:
                context[key] = _ids_agent(context[key])
        for key, member in (("contextAgents", "agent"), ("contextGroups", "group")):
            if key in context:
                context[key] = [{**item, member: _ids_agent(item[member])} for item in context[key]]
        if "contextActivities" in context:
            context["contextActivities"] = {
                key: [{"id": a["id"]} for a in (items if isinstance(items, list) else [items])]
                for key, items in context["contextActivities"].items()
            }
        out["context"] = context
    return out


def format_ids(statement: dict) -> dict:
    """The ``ids`` format: agents, activities and verbs reduced to their identifiers."""
    out = _ids_part(statement)
    if "authority" in statement:
        out["authority"] = _ids_agent(statement["authority"])
    return out


_LANGUAGE_MAP_KEYS = {"display", "name", "description"}


def format_canonical(value: Any, languages: list[str]) -> Any:
    """The ``canonical`` format: each language map reduced to the one best-matching language."""
    if isinstance(value, list):
        return [format_canonical(item, languages) for item in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        if (
            key in _LANGUAGE_MAP_KEYS
            and isinstance(item, dict)
            and all(isinstance(v, str) for v in item.values())
        ):
            out[key] = _pick_language(item, languages)
        elif key == "extensions":
            out[key] = item
        else:
            out[key] = format_canonical(item, languages)
    return out


def _pick_language(language_map: dict, languages: list[str]) -> dict:
    if not language_map:
        return language_map
    lowered = {tag.lower(): tag for tag in language_map}
    for wanted in languages:
        wanted = wanted.lower()
        if wanted in lowered:
            return {lowered[wanted]: language_map[lowered[wanted]]}
        for tag_lower, tag in lowered.items():
            if tag_lower.split("-")[0] == wanted.split("-")[0]:
                return {tag: language_map[tag]}
    tag = next(iter(language_map))
    return {tag: language_map[tag]}


def accepted_languages(header: str) -> list[str]:
    """Languages of an Accept-Language header, best first."""
    weighted = []
    for index, part in enumerate(header.split(",")):
        piece = part.strip()
        if not piece:
            continue
        tag, _, params = piece.partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag.strip() != "*":
            weighted.append((-quality, index, tag.strip()))
    return [tag for _, _, tag in sorted(weighted)]
