"""SCORM 1.2: an IMS content package whose SCOs talk to ``window.API``.

Item details kept for the runtime, read whatever their letter case (``dataFromLMS`` is as common
as ``datafromlms``): ``adlcp:masteryscore`` (per cent), ``adlcp:maxtimeallowed`` and
``adlcp:timelimitaction`` (checked, for ``cmi.student_data``), ``adlcp:datafromlms`` (for
``cmi.launch_data``) and ``adlcp:prerequisites`` (an AICC script, ``content.handlers.aicc_script``).
A time limit or a prerequisite that cannot be read is left out with a warning: a trainee is never
locked out of an item by a rule nobody can read.
"""

import re
from collections.abc import Iterable, Mapping
from typing import Any
from xml.etree.ElementTree import Element

from content.packages.errors import PackageRejected
from content.packages.warnings import WarningCode, warning

from . import aicc_script
from .data import Manifest, ResultData
from .scorm import MANIFEST, ScormHandler
from .scorm2004 import is_scorm2004
from .xml import attr, child_any_case, number, parse, text

# CMITimespan (HHHH:MM:SS.SS), hours and minutes also written with one digit by some tools.
TIMESPAN = re.compile(r"^(\d{1,4}):([0-5]?\d):([0-5]?\d)(\.\d{1,2})?$")
TIME_LIMIT_ACTIONS = ("exit,message", "exit,no message", "continue,message", "continue,no message")


def timespan(value: str) -> str | None:
    """A SCORM 1.2 time as ``cmi.student_data.max_time_allowed`` takes it (HH:MM:SS), or None."""
    match = TIMESPAN.match(value.strip())
    if match is None:
        return None
    hours, minutes, seconds, fraction = match.groups()
    return f"{int(hours):02d}:{int(minutes):02d}:{int(seconds):02d}{fraction or ''}"


def time_limit_action(value: str) -> str | None:
    """``Exit, Message`` → ``exit,message``; None for anything else."""
    folded = ",".join(" ".join(part.split()) for part in value.lower().split(","))
    return folded if folded in TIME_LIMIT_ACTIONS else None


# Item details put in the form cmi.student_data takes, or left out with a warning.
LIMITS = (
    ("maxtimeallowed", timespan, WarningCode.TIME_LIMIT_IGNORED),
    ("timelimitaction", time_limit_action, WarningCode.TIME_LIMIT_ACTION_IGNORED),
)


def prerequisite_rule(script: str, items: Iterable[tuple[str, str, bool]]) -> dict[str, Any]:
    """The prerequisites as a tree the player evaluates, given the package's items as
    (identifier, parent identifier, launchable): a folder stands for all the items in it, an
    item the package does not have counts as met. Raises ``aicc_script.ScriptError``."""
    items = list(items)
    launchable = {identifier for identifier, _parent, is_launchable in items if is_launchable}
    below: dict[str, list[str]] = {}
    for identifier, parent, _launchable in items:
        below.setdefault(parent, []).append(identifier)

    def expand(identifier: str) -> list[str] | None:
        if identifier in launchable:
            return [identifier]
        found: list[str] = []
        pending = list(below.get(identifier, []))
        while pending:
            member = pending.pop(0)
            if member in launchable:
                found.append(member)
            pending.extend(below.get(member, []))
        return found or None

    return aicc_script.resolve(aicc_script.parse(script), expand)


class Scorm12Handler(ScormHandler):
    kind = "scorm12"
    label = "SCORM 1.2"
    runtime = "scorm12"

    def detect(self, files) -> bool:
        # Any IMS manifest that SCORM 2004 does not claim (2004 is asked first).
        if MANIFEST not in files.names:
            return False
        try:
            return not is_scorm2004(parse(files, MANIFEST))
        except PackageRejected:
            return True  # let read() say what is wrong with it

    def item_details(self, element: Element, context: dict[str, Any]) -> tuple[dict[str, Any], float | None]:
        data: dict[str, Any] = {}
        for name in ("maxtimeallowed", "timelimitaction", "datafromlms"):
            found = child_any_case(element, name)
            if found is None:
                continue
            # The launch data is passed on as written (its white space may matter to the SCO).
            value = "".join(found.itertext()).strip() if name == "datafromlms" else text(found)
            if value:
                data[name] = value
        prerequisites = child_any_case(element, "prerequisites")
        if prerequisites is not None and text(prerequisites):
            data["prerequisites"] = {
                "type": attr(prerequisites, "type") or "aicc_script",
                "value": text(prerequisites),
            }
        mastery = number(text(child_any_case(element, "masteryscore")) or None)
        if mastery is not None and not 0 <= mastery <= 100:
            mastery = None
        return data, mastery

    def check_items(self, manifest: Manifest) -> None:
        """Time limits in the form ``cmi.student_data`` takes, and prerequisites that can be read."""
        items = [(item.identifier, item.parent or "", item.is_launchable) for item in manifest.items]
        known = {identifier for identifier, _parent, _launchable in items}
        for item in manifest.items:
            for key, normalise, code in LIMITS:
                if key not in item.data:
                    continue
                value = item.data.pop(key)
                if normal := normalise(value):
                    item.data[key] = normal
                else:
                    manifest.warnings.append(warning(code, value=value, item=item.title))
            prerequisites = item.data.get("prerequisites")
            if not prerequisites:
                continue
            try:
                tree = aicc_script.parse(prerequisites["value"])
            except aicc_script.ScriptError as error:
                del item.data["prerequisites"]
                manifest.warnings.append(
                    warning(
                        WarningCode.PREREQUISITES_UNREADABLE,
                        script=prerequisites["value"][:200],
                        item=item.title,
                        detail=str(error),
                    )
                )
                continue
            for unknown in dict.fromkeys(i for i in aicc_script.identifiers(tree) if i not in known):
                manifest.warnings.append(
                    warning(WarningCode.PREREQUISITES_UNKNOWN_ITEM, item=item.title, ref=unknown)
                )

    def map_result(self, data: Mapping[str, Any]) -> ResultData:
        """``cmi.core.lesson_status`` and ``cmi.core.score.*`` as completion, success and score."""
        status = str(data.get("cmi.core.lesson_status", "")).lower()
        raw = (
            number(str(data["cmi.core.score.raw"]))
            if data.get("cmi.core.score.raw") not in (None, "")
            else None
        )
        maximum = number(str(data.get("cmi.core.score.max") or "")) or 100.0
        score = None if raw is None else max(0.0, min(100.0, raw * 100.0 / maximum))
        return ResultData(
            completed=True if status in ("completed", "passed", "failed") else None,
            passed={"passed": True, "failed": False}.get(status),
            score=score,
        )


handler = Scorm12Handler()
