"""Statement objects: Activities and their definitions, StatementRefs (xAPI 1.0.3, Data 2.4.4)."""

from typing import Any

from .errors import XapiValidationError
from .primitives import (
    check_extensions,
    check_iri,
    check_irl,
    check_key_length,
    check_language_map,
    check_string,
    check_uuid,
    require_keys,
    require_object,
)

INTERACTION_TYPES = {
    "true-false",
    "choice",
    "fill-in",
    "long-fill-in",
    "matching",
    "performance",
    "sequencing",
    "likert",
    "numeric",
    "other",
}
COMPONENT_LISTS = ("choices", "scale", "source", "target", "steps")
# Which interaction component lists each interaction type may carry (Data 2.4.4.1, table).
COMPONENTS_FOR_TYPE = {
    "choice": {"choices"},
    "sequencing": {"choices"},
    "likert": {"scale"},
    "matching": {"source", "target"},
    "performance": {"steps"},
}
DEFINITION_KEYS = (
    "name",
    "description",
    "type",
    "moreInfo",
    "extensions",
    "interactionType",
    "correctResponsesPattern",
    *COMPONENT_LISTS,
)


def _check_components(value: Any, path: str) -> None:
    if not isinstance(value, list):
        raise XapiValidationError(path, "must be an array of interaction components")
    seen: set[str] = set()
    for index, component in enumerate(value):
        where = f"{path}[{index}]"
        require_object(component, where)
        require_keys(component, where, allowed=("id", "description"), required=("id",))
        check_string(component["id"], f"{where}.id")
        if component["id"] in seen:
            raise XapiValidationError(f"{where}.id", "interaction component ids must be distinct")
        seen.add(component["id"])
        if "description" in component:
            check_language_map(component["description"], f"{where}.description")


def check_definition(value: Any, path: str) -> dict:
    definition = require_object(value, path)
    require_keys(definition, path, allowed=DEFINITION_KEYS)
    for key in ("name", "description"):
        if key in definition:
            check_language_map(definition[key], f"{path}.{key}")
    if "type" in definition:
        check_iri(definition["type"], f"{path}.type")
    if "moreInfo" in definition:
        check_irl(definition["moreInfo"], f"{path}.moreInfo")
    if "extensions" in definition:
        check_extensions(definition["extensions"], f"{path}.extensions")
    interaction_type = definition.get("interactionType")
    if interaction_type is not None and (
        not isinstance(interaction_type, str) or interaction_type not in INTERACTION_TYPES
    ):
        raise XapiValidationError(
            f"{path}.interactionType", "is not an interaction type of the specification"
        )
    if "correctResponsesPattern" in definition:
        pattern = definition["correctResponsesPattern"]
        if not isinstance(pattern, list) or not all(isinstance(item, str) for item in pattern):
            raise XapiValidationError(f"{path}.correctResponsesPattern", "must be an array of strings")
    present = {key for key in COMPONENT_LISTS if key in definition}
    if interaction_type is None and (present or "correctResponsesPattern" in definition):
        # Data 2.4.4.1: interactionType is required when any interaction property is used.
        raise XapiValidationError(path, "interaction properties need an interactionType")
    if present:
        if not present <= COMPONENTS_FOR_TYPE.get(interaction_type, set()):
            raise XapiValidationError(
                path, f"{interaction_type!r} interactions do not take {sorted(present)}"
            )
        for key in present:
            _check_components(definition[key], f"{path}.{key}")
    return definition


def check_activity(value: Any, path: str) -> dict:
    activity = require_object(value, path)
    require_keys(activity, path, allowed=("objectType", "id", "definition"), required=("id",))
    if activity.get("objectType", "Activity") != "Activity":
        raise XapiValidationError(f"{path}.objectType", 'must be "Activity"')
    check_key_length(check_iri(activity["id"], f"{path}.id"), f"{path}.id")
    if "definition" in activity:
        check_definition(activity["definition"], f"{path}.definition")
    return activity


def check_statement_ref(value: Any, path: str) -> dict:
    ref = require_object(value, path)
    require_keys(ref, path, allowed=("objectType", "id"), required=("objectType", "id"))
    if ref["objectType"] != "StatementRef":
        raise XapiValidationError(f"{path}.objectType", 'must be "StatementRef"')
    check_uuid(ref["id"], f"{path}.id")
    return ref
