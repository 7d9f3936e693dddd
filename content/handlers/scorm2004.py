"""SCORM 2004 (2nd, 3rd and 4th editions): IMS content package, SCOs on ``window.API_1484_11``.

Sequencing (IMS SS) is read as data for the player: the organisation's and each item's
``imsss:sequencing``, merged with the ``imsss:sequencingCollection`` set an item refers to.
An item's mastery score comes from its primary objective (``satisfiedByMeasure`` with
``minNormalizedMeasure``), in per cent.
"""

from collections.abc import Mapping
from typing import Any
from xml.etree.ElementTree import Element

from django.utils.translation import gettext_lazy as _

from content.packages.errors import Code, PackageRejected, detail, reject

from .data import ResultData
from .scorm import MANIFEST, ScormHandler, schema_version
from .sequencing import merge_with_collection, read_sequencing
from .xml import attr, boolean, child, children, local, number, parse, text

EDITIONS = {"CAM 1.3": "2nd", "2004 3rd Edition": "3rd", "2004 4th Edition": "4th"}
_MARKS = ("adlcp_v1p3", "imsss", "adlseq_v1p3", "adlnav_v1p3")


def is_scorm2004(root: Element) -> bool:
    """Whether a parsed ``imsmanifest.xml`` is SCORM 2004's rather than 1.2's."""
    version = schema_version(root)
    if "1.2" in version:
        return False
    if "2004" in version or "CAM 1.3" in version:
        return True
    # No usable schemaversion: look for the 2004 namespaces.
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        names = [tag, *element.attrib.keys()]
        if any(mark in name for name in names for mark in _MARKS):
            return True
        if tag == "{http://www.imsglobal.org/xsd/imscp_v1p1}manifest":
            return True
    return False


class Scorm2004Handler(ScormHandler):
    kind = "scorm2004"
    label = "SCORM 2004"
    runtime = "scorm2004"
    allow_absolute = True

    def detect(self, files) -> bool:
        if MANIFEST not in files.names:
            return False
        try:
            return is_scorm2004(parse(files, MANIFEST))
        except PackageRejected:
            return False  # SCORM 1.2's handler reports the broken manifest

    def package_details(self, root: Element, organisation: Element) -> dict[str, Any]:
        version = schema_version(root)
        collection: dict[str, dict[str, Any]] = {}
        container = child(root, "sequencingCollection")
        for sequencing in children(container, "sequencing") if container is not None else []:
            data = read_sequencing(sequencing)
            if data.get("ID"):
                collection[data["ID"]] = data
        details: dict[str, Any] = {
            "edition": EDITIONS.get(version),
            "sequencingCollection": collection,
            "objectivesGlobalToSystem": boolean(attr(organisation, "objectivesGlobalToSystem"), True),
            "sharedDataGlobalToSystem": boolean(attr(organisation, "sharedDataGlobalToSystem"), True),
            "_collection": collection,
        }
        sequencing = child(organisation, "sequencing")
        if sequencing is not None:
            details["sequencing"] = self._resolved(read_sequencing(sequencing), collection)
        return details

    def _resolved(self, own: dict[str, Any], collection: dict[str, dict[str, Any]]) -> dict[str, Any]:
        merged = merge_with_collection(own, collection)
        if merged is None:
            raise reject(
                Code.INVALID_MANIFEST,
                name=MANIFEST,
                detail=detail(_("no sequencing set has the ID %(id)s"), id=own.get("IDRef")),
            )
        return merged

    def item_details(self, element: Element, context: dict[str, Any]) -> tuple[dict[str, Any], float | None]:
        data: dict[str, Any] = {}
        mastery = None
        sequencing = child(element, "sequencing")
        if sequencing is not None:
            resolved = self._resolved(read_sequencing(sequencing), context.get("_collection", {}))
            data["sequencing"] = resolved
            primary = (resolved.get("objectives") or {}).get("primary") or {}
            if primary.get("satisfiedByMeasure") and primary.get("minNormalizedMeasure") is not None:
                measure = primary["minNormalizedMeasure"]
                if -1 <= measure <= 1:
                    mastery = max(0.0, measure) * 100
        threshold = child(element, "completionThreshold")
        if threshold is not None:
            # 2nd/3rd editions write a number as text; the 4th uses attributes.
            value = number(text(threshold) or None)
            data["completionThreshold"] = {
                "minProgressMeasure": number(attr(threshold, "minProgressMeasure"))
                if value is None
                else value,
                "completedByMeasure": boolean(attr(threshold, "completedByMeasure"), value is not None),
                "progressWeight": number(attr(threshold, "progressWeight")),
            }
        for name in ("dataFromLMS", "timeLimitAction"):
            value = text(child(element, name))
            if value:
                data[name] = value
        presentation = child(element, "presentation")
        if presentation is not None:
            interface = child(presentation, "navigationInterface")
            if interface is not None:
                data["hideLMSUI"] = [text(h) for h in children(interface, "hideLMSUI") if text(h)]
        shared = child(element, "data")
        if shared is not None:
            data["sharedData"] = [
                {
                    "targetID": attr(m, "targetID") or "",
                    "readSharedData": boolean(attr(m, "readSharedData"), True),
                    "writeSharedData": boolean(attr(m, "writeSharedData"), False),
                }
                for m in children(shared, "map")
                if local(m.tag) == "map"
            ]
        return data, mastery

    def map_result(self, data: Mapping[str, Any]) -> ResultData:
        """``cmi.completion_status``, ``cmi.success_status`` and ``cmi.score.scaled``."""
        completion = str(data.get("cmi.completion_status", "")).lower()
        success = str(data.get("cmi.success_status", "")).lower()
        scaled = number(str(data.get("cmi.score.scaled", "")) or None)
        return ResultData(
            completed=True if completion == "completed" else None,
            passed={"passed": True, "failed": False}.get(success),
            score=None if scaled is None else max(0.0, min(100.0, scaled * 100.0)),
        )


handler = Scorm2004Handler()
