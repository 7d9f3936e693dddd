"""SCORM 2004 sequencing (IMS Simple Sequencing with the ADL extensions) read as plain data.

The LMS extracts it for the player (scorm-again's sequencing engine takes the activity tree,
rules and controls as data). Names follow the specification's, so that they map one to one;
values absent from the manifest are left out rather than given the specification's defaults.
"""

from typing import Any
from xml.etree.ElementTree import Element

from .xml import attr, boolean, child, children, integer, local, number


def _attributes(element: Element | None, kinds: dict[str, str]) -> dict[str, Any]:
    """The attributes named in ``kinds`` ("bool", "float", "int" or "str") that are present."""
    if element is None:
        return {}
    result: dict[str, Any] = {}
    for name, kind in kinds.items():
        raw = attr(element, name)
        if raw is None:
            continue
        if kind == "bool":
            value: Any = boolean(raw)
        elif kind == "float":
            value = number(raw)
        elif kind == "int":
            value = integer(raw)
        else:
            value = raw.strip()
        if value is not None:
            result[name] = value
    return result


_CONTROL_MODE = {
    "choice": "bool",
    "choiceExit": "bool",
    "flow": "bool",
    "forwardOnly": "bool",
    "useCurrentAttemptObjectiveInfo": "bool",
    "useCurrentAttemptProgressInfo": "bool",
}
_RULE_CONDITION = {
    "referencedObjective": "str",
    "measureThreshold": "float",
    "operator": "str",
    "condition": "str",
}
_MAP_INFO = {
    "targetObjectiveID": "str",
    "readSatisfiedStatus": "bool",
    "readNormalizedMeasure": "bool",
    "writeSatisfiedStatus": "bool",
    "writeNormalizedMeasure": "bool",
    # SCORM 2004 4th edition, adlseq:mapInfo.
    "readRawScore": "bool",
    "readMinScore": "bool",
    "readMaxScore": "bool",
    "readCompletionStatus": "bool",
    "readProgressMeasure": "bool",
    "writeRawScore": "bool",
    "writeMinScore": "bool",
    "writeMaxScore": "bool",
    "writeCompletionStatus": "bool",
    "writeProgressMeasure": "bool",
}


def _namespace(element: Element) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag.partition("}")[0].lower() if tag.startswith("{") else ""


def _rule(element: Element) -> dict[str, Any]:
    conditions_element = child(element, "ruleConditions")
    action = child(element, "ruleAction")
    return {
        "conditionCombination": (attr(conditions_element, "conditionCombination") or "all")
        if conditions_element is not None
        else "all",
        "conditions": [
            _attributes(condition, _RULE_CONDITION)
            for condition in (
                children(conditions_element, "ruleCondition") if conditions_element is not None else []
            )
        ],
        "action": (attr(action, "action") or "").strip() if action is not None else "",
    }


def _rollup_rule(element: Element) -> dict[str, Any]:
    conditions_element = child(element, "rollupConditions")
    action = child(element, "rollupAction")
    rule = _attributes(element, {"childActivitySet": "str", "minimumCount": "int", "minimumPercent": "float"})
    rule["conditionCombination"] = (
        (attr(conditions_element, "conditionCombination") or "any")
        if conditions_element is not None
        else "any"
    )
    rule["conditions"] = [
        _attributes(condition, {"operator": "str", "condition": "str"})
        for condition in (
            children(conditions_element, "rollupCondition") if conditions_element is not None else []
        )
    ]
    rule["action"] = (attr(action, "action") or "").strip() if action is not None else ""
    return rule


def _objective(element: Element) -> dict[str, Any]:
    objective = _attributes(element, {"objectiveID": "str", "satisfiedByMeasure": "bool"})
    measure = child(element, "minNormalizedMeasure")
    if measure is not None:
        value = number("".join(measure.itertext()))
        if value is not None:
            objective["minNormalizedMeasure"] = value
    objective["mapInfo"] = [_attributes(info, _MAP_INFO) for info in children(element, "mapInfo")]
    return objective


def read_sequencing(element: Element) -> dict[str, Any]:
    """One ``imsss:sequencing`` element as a dict (its ``ID``/``IDRef`` kept as given)."""
    result: dict[str, Any] = _attributes(element, {"ID": "str", "IDRef": "str"})
    for part in element:
        name = local(part.tag)
        if name == "controlMode":
            result["controlMode"] = _attributes(part, _CONTROL_MODE)
        elif name == "sequencingRules":
            result["sequencingRules"] = {
                "preConditionRules": [_rule(r) for r in children(part, "preConditionRule")],
                "exitConditionRules": [_rule(r) for r in children(part, "exitConditionRule")],
                "postConditionRules": [_rule(r) for r in children(part, "postConditionRule")],
            }
        elif name == "limitConditions":
            result["limitConditions"] = _attributes(
                part, {"attemptLimit": "int", "attemptAbsoluteDurationLimit": "str"}
            )
        elif name == "auxiliaryResources":
            result["auxiliaryResources"] = [
                _attributes(resource, {"auxiliaryResourceID": "str", "purpose": "str"})
                for resource in children(part, "auxiliaryResource")
            ]
        elif name == "rollupRules":
            rollup = _attributes(
                part,
                {
                    "rollupObjectiveSatisfied": "bool",
                    "rollupProgressCompletion": "bool",
                    "objectiveMeasureWeight": "float",
                },
            )
            rollup["rules"] = [_rollup_rule(r) for r in children(part, "rollupRule")]
            result["rollupRules"] = rollup
        elif name == "objectives" and "adlseq" not in _namespace(part):
            primary = child(part, "primaryObjective")
            result["objectives"] = {
                "primary": _objective(primary) if primary is not None else None,
                "others": [_objective(o) for o in children(part, "objective")],
            }
        elif name == "objectives":
            # adlseq:objectives (4th edition): extra mapping of an objective's score and progress.
            result["adlObjectives"] = [
                {
                    **_attributes(o, {"objectiveID": "str"}),
                    "mapInfo": [_attributes(info, _MAP_INFO) for info in children(o, "mapInfo")],
                }
                for o in children(part, "objective")
            ]
        elif name == "randomizationControls":
            result["randomizationControls"] = _attributes(
                part,
                {
                    "randomizationTiming": "str",
                    "selectCount": "int",
                    "reorderChildren": "bool",
                    "selectionTiming": "str",
                },
            )
        elif name == "deliveryControls":
            result["deliveryControls"] = _attributes(
                part, {"tracked": "bool", "completionSetByContent": "bool", "objectiveSetByContent": "bool"}
            )
        elif name == "constrainedChoiceConsiderations":
            result["constrainedChoiceConsiderations"] = _attributes(
                part, {"preventActivation": "bool", "constrainChoice": "bool"}
            )
        elif name == "rollupConsiderations":
            result["rollupConsiderations"] = _attributes(
                part,
                {
                    "requiredForSatisfied": "str",
                    "requiredForNotSatisfied": "str",
                    "requiredForCompleted": "str",
                    "requiredForIncomplete": "str",
                    "measureSatisfactionIfActive": "bool",
                },
            )
    return result


def merge_with_collection(
    own: dict[str, Any], collection: dict[str, dict[str, Any]]
) -> dict[str, Any] | None:
    """An item's sequencing with the collection's set it refers to (``IDRef``) as the base.

    What the item defines itself replaces the same element of the shared set (SCORM 2004 CAM,
    sequencing collections). Returns None when ``IDRef`` names no set of the collection.
    """
    reference = own.get("IDRef")
    if not reference:
        return own
    shared = collection.get(reference)
    if shared is None:
        return None
    merged = {key: value for key, value in shared.items() if key != "ID"}
    merged.update(own)
    return merged
