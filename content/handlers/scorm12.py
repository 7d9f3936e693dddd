"""SCORM 1.2: an IMS content package whose SCOs talk to ``window.API``.

Item details kept for the runtime: ``adlcp:masteryscore`` (per cent), ``adlcp:maxtimeallowed``,
``adlcp:timelimitaction``, ``adlcp:datafromlms`` and ``adlcp:prerequisites``.
"""

from collections.abc import Mapping
from typing import Any
from xml.etree.ElementTree import Element

from content.packages.errors import PackageRejected

from .data import ResultData
from .scorm import MANIFEST, ScormHandler
from .scorm2004 import is_scorm2004
from .xml import attr, child, number, parse, text


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
            value = text(child(element, name))
            if value:
                data[name] = value
        prerequisites = child(element, "prerequisites")
        if prerequisites is not None and text(prerequisites):
            data["prerequisites"] = {
                "type": attr(prerequisites, "type") or "aicc_script",
                "value": text(prerequisites),
            }
        mastery = number(text(child(element, "masteryscore")) or None)
        if mastery is not None and not 0 <= mastery <= 100:
            mastery = None
        return data, mastery

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
