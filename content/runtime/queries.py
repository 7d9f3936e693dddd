"""Read side of the runtime: what the player needs to start (or resume) each item of an attempt."""

from typing import Any

from content.handlers import XAPI_KINDS
from content.handlers.aicc_script import ScriptError
from content.handlers.scorm12 import prerequisite_rule
from content.packages.models import ContentItem
from lms.api import display_name

from .models import Attempt, RuntimeCommit
from .services import actor_for, item_result
from .timing import iso_duration, scorm12_time
from .xapi import item_activity_id

# What is carried from the newest commit of an item into its next session, per SCORM version.
RESUMED_12 = (
    "cmi.core.lesson_location",
    "cmi.core.lesson_status",
    "cmi.core.score.raw",
    "cmi.core.score.min",
    "cmi.core.score.max",
    "cmi.suspend_data",
)
RESUMED_2004 = (
    "cmi.location",
    "cmi.completion_status",
    "cmi.success_status",
    "cmi.score.scaled",
    "cmi.score.raw",
    "cmi.score.min",
    "cmi.score.max",
    "cmi.progress_measure",
    "cmi.suspend_data",
)


def item_start_data(attempt: Attempt, item: ContentItem) -> dict[str, str]:
    """The flattened CMI loaded into the runtime before the item's Initialize."""
    entry = attempt.state.get(item.identifier) or {}
    if attempt.version.kind == "scorm2004":
        # A new attempt of the activity (a retry) starts afresh, not from the try before.
        since = ((attempt.sequencing.get("activities") or {}).get(item.identifier) or {}).get("since", 0)
        if int(entry.get("sequence", 0)) <= since:
            entry = {}
    saved: dict[str, str] = entry.get("cmi") or {}
    total = int(entry.get("seconds", 0))
    user = attempt.user
    mastery = item.data.get("mastery_score")
    if attempt.version.kind == "scorm12":
        data = {key: saved[key] for key in RESUMED_12 if saved.get(key) not in (None, "")}
        exit_value = saved.get("cmi.core.exit", "")
        data.update(
            {
                "cmi.core.student_id": str(user.pk),
                "cmi.core.student_name": display_name(user=user, script="latin"),
                "cmi.core.entry": "resume" if exit_value == "suspend" else ("" if entry else "ab-initio"),
                "cmi.core.total_time": scorm12_time(total),
                "cmi.core.lesson_mode": "normal",
                "cmi.core.credit": "credit",
                "cmi.launch_data": item.data.get("datafromlms", ""),
            }
        )
        if mastery is not None:
            data["cmi.student_data.mastery_score"] = str(mastery)
        # Checked at import (content.handlers.scorm12): in the form scorm-again accepts.
        if item.data.get("maxtimeallowed"):
            data["cmi.student_data.max_time_allowed"] = item.data["maxtimeallowed"]
        if item.data.get("timelimitaction"):
            data["cmi.student_data.time_limit_action"] = item.data["timelimitaction"]
        return data
    data = {key: saved[key] for key in RESUMED_2004 if saved.get(key) not in (None, "")}
    exit_value = saved.get("cmi.exit", "")
    data.update(
        {
            "cmi.learner_id": str(user.pk),
            "cmi.learner_name": display_name(user=user, script="latin"),
            "cmi.entry": "resume" if exit_value == "suspend" else ("" if entry else "ab-initio"),
            "cmi.total_time": iso_duration(total),
            "cmi.mode": "normal",
            "cmi.credit": "credit",
            "cmi.launch_data": item.data.get("dataFromLMS", ""),
        }
    )
    if mastery is not None:
        data["cmi.scaled_passing_score"] = str(round(float(mastery) / 100, 4))
    return data


def xapi_launch_payload(attempt: Attempt) -> dict[str, Any]:
    """What a frame hosting xAPI content (the H5P player) needs: who, in which registration, about what."""
    item = attempt.version.items.filter(is_launchable=True).first()
    return {
        "kind": attempt.version.kind,
        "preview": attempt.is_preview,
        "actor": actor_for(attempt.user),
        "registration": str(attempt.registration),
        "activity_id": item_activity_id(attempt, item) if item else "",
    }


def launch_payload(attempt: Attempt) -> dict[str, Any]:
    """Everything the content-origin player needs, as JSON: items, their start data, where to resume."""
    if attempt.version.kind in XAPI_KINDS:
        return xapi_launch_payload(attempt)
    items = list(attempt.version.items.all())
    depths = {
        entry.get("identifier"): entry.get("depth", 0) for entry in attempt.version.manifest.get("items", [])
    }
    launchable = [item for item in items if item.is_launchable]
    resume = next(
        (
            item.identifier
            for item in launchable
            if (attempt.state.get(item.identifier) or {}).get("cmi", {}).get("cmi.core.exit") == "suspend"
            or (attempt.state.get(item.identifier) or {}).get("cmi", {}).get("cmi.exit") == "suspend"
        ),
        None,
    )
    return {
        "kind": attempt.version.kind,
        "session": attempt.sessions,
        "next_sequence": attempt.last_sequence + 1,
        "resume": resume,
        "items": [
            {
                "identifier": item.identifier,
                "title": item.title,
                "launchable": item.is_launchable,
                "depth": depths.get(item.identifier, 0),
                "visible": item.data.get("isvisible", True) is not False,
                "url": item.launch_url if item.is_launchable else "",
                "start": item_start_data(attempt, item) if item.is_launchable else {},
                "status": _status(attempt, item) if item.is_launchable else "",
                "success": _success(attempt, item) if item.is_launchable else "",
            }
            for item in items
        ],
        "prerequisites": prerequisites(attempt, items),
        # SCORM 1.2: a SCO that finishes without a status is completed, unless the package says not.
        "complete_on_finish": attempt.version.package.complete_on_finish,
    }


def prerequisites(attempt: Attempt, items: list[ContentItem]) -> dict[str, dict[str, Any]]:
    """SCORM 1.2: each item's prerequisites as a tree that player.js evaluates as statuses change
    (``content.handlers.aicc_script``); an item whose script cannot be read is not locked."""
    if attempt.version.kind != "scorm12":
        return {}
    index = [(item.identifier, item.parent_identifier, item.is_launchable) for item in items]
    rules: dict[str, dict[str, Any]] = {}
    for item in items:
        script = (item.data.get("prerequisites") or {}).get("value")
        if not (item.is_launchable and script):
            continue
        try:
            rules[item.identifier] = prerequisite_rule(script, index)
        except ScriptError:
            continue  # the instructor was warned at import
    return rules


def _success(attempt: Attempt, item: ContentItem) -> str:
    passed = item_result(attempt, item.identifier).passed
    return "" if passed is None else ("passed" if passed else "failed")


def _status(attempt: Attempt, item: ContentItem) -> str:
    cmi = (attempt.state.get(item.identifier) or {}).get("cmi") or {}
    return cmi.get("cmi.core.lesson_status") or cmi.get("cmi.completion_status") or "not attempted"


def commits_of(attempt: Attempt) -> list[RuntimeCommit]:
    return list(attempt.commits.order_by("sequence"))
