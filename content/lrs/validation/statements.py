"""Whole statements and sub-statements, with their result, context and attachments (Data 2.4)."""

from typing import Any

from ..versions import V1, has_context_agents, statement_versions
from .actors import agent_ifi, check_actor, check_agent, check_group
from .errors import XapiValidationError
from .objects import check_activity, check_statement_ref
from .primitives import (
    check_bool,
    check_duration,
    check_extensions,
    check_iri,
    check_irl,
    check_key_length,
    check_language_map,
    check_language_tag,
    check_media_type,
    check_number,
    check_sha2,
    check_string,
    check_uuid,
    check_version,
    parse_timestamp,
    require_keys,
    require_object,
)

VOIDED_VERB = "http://adlnet.gov/expapi/verbs/voided"
SIGNATURE_USAGE = "http://adlnet.gov/expapi/attachments/signature"
STATEMENT_KEYS = (
    "id",
    "actor",
    "verb",
    "object",
    "result",
    "context",
    "timestamp",
    "stored",
    "authority",
    "version",
    "attachments",
)
SUBSTATEMENT_KEYS = ("objectType", "actor", "verb", "object", "result", "context", "timestamp", "attachments")
CONTEXT_KEYS = (
    "registration",
    "instructor",
    "team",
    "contextActivities",
    "revision",
    "platform",
    "language",
    "statement",
    "extensions",
)
CONTEXT_V2_KEYS = ("contextAgents", "contextGroups")
CONTEXT_ACTIVITY_KEYS = ("parent", "grouping", "category", "other")


def check_verb(value: Any, path: str) -> dict:
    verb = require_object(value, path)
    require_keys(verb, path, allowed=("id", "display"), required=("id",))
    check_key_length(check_iri(verb["id"], f"{path}.id"), f"{path}.id")
    if "display" in verb:
        check_language_map(verb["display"], f"{path}.display")
    return verb


def check_score(value: Any, path: str) -> None:
    score = require_object(value, path)
    require_keys(score, path, allowed=("scaled", "raw", "min", "max"))
    for key in score:
        check_number(score[key], f"{path}.{key}")
    if "scaled" in score and not -1 <= score["scaled"] <= 1:
        raise XapiValidationError(f"{path}.scaled", "must be between -1 and 1")
    low, high = score.get("min"), score.get("max")
    if low is not None and high is not None and low >= high:
        raise XapiValidationError(f"{path}.min", "must be less than max")
    raw = score.get("raw")
    if raw is not None:
        if low is not None and raw < low:
            raise XapiValidationError(f"{path}.raw", "must not be less than min")
        if high is not None and raw > high:
            raise XapiValidationError(f"{path}.raw", "must not be more than max")


def check_result(value: Any, path: str) -> None:
    result = require_object(value, path)
    require_keys(
        result, path, allowed=("score", "success", "completion", "response", "duration", "extensions")
    )
    if "score" in result:
        check_score(result["score"], f"{path}.score")
    for key in ("success", "completion"):
        if key in result:
            check_bool(result[key], f"{path}.{key}")
    if "response" in result:
        check_string(result["response"], f"{path}.response")
    if "duration" in result:
        check_duration(result["duration"], f"{path}.duration")
    if "extensions" in result:
        check_extensions(result["extensions"], f"{path}.extensions")


def _check_relevant_types(holder: dict, path: str) -> None:
    if "relevantTypes" not in holder:
        return
    types = holder["relevantTypes"]
    if not isinstance(types, list) or not types:
        raise XapiValidationError(f"{path}.relevantTypes", "must be a non-empty array of IRIs")
    for index, iri in enumerate(types):
        check_iri(iri, f"{path}.relevantTypes[{index}]")


def _check_context_agents(context: dict, path: str) -> None:
    """xAPI 2.0's contextAgents and contextGroups: arrays of {objectType, agent or group,
    relevantTypes}."""
    for key, kind, member, check in (
        ("contextAgents", "contextAgent", "agent", check_agent),
        ("contextGroups", "contextGroup", "group", check_group),
    ):
        if key not in context:
            continue
        items = context[key]
        if not isinstance(items, list):
            raise XapiValidationError(f"{path}.{key}", f"must be an array of {kind} objects")
        for index, item in enumerate(items):
            where = f"{path}.{key}[{index}]"
            require_object(item, where)
            require_keys(
                item, where, allowed=("objectType", member, "relevantTypes"), required=("objectType", member)
            )
            if item["objectType"] != kind:
                raise XapiValidationError(f"{where}.objectType", f'must be "{kind}"')
            check(item[member], f"{where}.{member}")
            _check_relevant_types(item, where)


def check_context(value: Any, path: str, *, object_is_activity: bool, version: str = V1) -> None:
    context = require_object(value, path)
    v2 = has_context_agents(version)
    for key in CONTEXT_V2_KEYS:
        if key in context and not v2:
            raise XapiValidationError(
                f"{path}.{key}", "is an xAPI 2.0 property: send X-Experience-API-Version 2.0.0"
            )
    require_keys(context, path, allowed=CONTEXT_KEYS + CONTEXT_V2_KEYS if v2 else CONTEXT_KEYS)
    if v2:
        _check_context_agents(context, path)
    if "registration" in context:
        check_uuid(context["registration"], f"{path}.registration")
    if "instructor" in context:
        check_actor(context["instructor"], f"{path}.instructor")
    if "team" in context:
        check_group(context["team"], f"{path}.team")
    if "contextActivities" in context:
        where = f"{path}.contextActivities"
        activities = require_object(context["contextActivities"], where)
        require_keys(activities, where, allowed=CONTEXT_ACTIVITY_KEYS)
        for key, items in activities.items():
            # A single Activity is allowed and read as an array of one (Data 2.4.6.2).
            for index, activity in enumerate(items if isinstance(items, list) else [items]):
                check_activity(activity, f"{where}.{key}[{index}]")
    for key in ("revision", "platform"):
        if key in context:
            check_string(context[key], f"{path}.{key}")
            # Data 2.4.6: revision and platform MUST only be used when the object is an Activity.
            if not object_is_activity:
                raise XapiValidationError(f"{path}.{key}", "is only allowed when the object is an Activity")
    if "language" in context:
        check_language_tag(context["language"], f"{path}.language")
    if "statement" in context:
        check_statement_ref(context["statement"], f"{path}.statement")
    if "extensions" in context:
        check_extensions(context["extensions"], f"{path}.extensions")


def check_attachments(value: Any, path: str) -> None:
    if not isinstance(value, list):
        raise XapiValidationError(path, "must be an array of attachments")
    for index, attachment in enumerate(value):
        where = f"{path}[{index}]"
        require_object(attachment, where)
        require_keys(
            attachment,
            where,
            allowed=("usageType", "display", "description", "contentType", "length", "sha2", "fileUrl"),
            required=("usageType", "display", "contentType", "length", "sha2"),
        )
        check_iri(attachment["usageType"], f"{where}.usageType")
        check_language_map(attachment["display"], f"{where}.display")
        if "description" in attachment:
            check_language_map(attachment["description"], f"{where}.description")
        check_media_type(attachment["contentType"], f"{where}.contentType")
        length = attachment["length"]
        if isinstance(length, bool) or not isinstance(length, int) or length < 0:
            raise XapiValidationError(f"{where}.length", "must be a non-negative integer")
        check_sha2(attachment["sha2"], f"{where}.sha2")
        if "fileUrl" in attachment:
            check_irl(attachment["fileUrl"], f"{where}.fileUrl")


def _check_object(value: Any, path: str, *, allow_substatement: bool, version: str) -> dict:
    obj = require_object(value, path)
    kind = obj.get("objectType", "Activity")
    if kind == "Activity":
        return check_activity(obj, path)
    if kind == "Agent":
        return check_agent(obj, path)
    if kind == "Group":
        return check_group(obj, path)
    if kind == "StatementRef":
        return check_statement_ref(obj, path)
    if kind == "SubStatement":
        if not allow_substatement:
            raise XapiValidationError(f"{path}.objectType", "a SubStatement must not contain a SubStatement")
        return check_substatement(obj, path, version=version)
    raise XapiValidationError(f"{path}.objectType", "is not a known object type")


def _check_body(statement: dict, path: str, *, allow_substatement: bool, version: str) -> None:
    """What statements and sub-statements share: actor, verb, object, result, context, timestamp."""
    check_actor(statement["actor"], f"{path}.actor")
    verb = check_verb(statement["verb"], f"{path}.verb")
    obj = _check_object(
        statement["object"], f"{path}.object", allow_substatement=allow_substatement, version=version
    )
    if verb["id"] == VOIDED_VERB and obj.get("objectType") != "StatementRef":
        raise XapiValidationError(f"{path}.object", "a voiding statement's object must be a StatementRef")
    if "result" in statement:
        check_result(statement["result"], f"{path}.result")
    if "context" in statement:
        is_activity = obj.get("objectType", "Activity") == "Activity"
        check_context(
            statement["context"], f"{path}.context", object_is_activity=is_activity, version=version
        )
    if "timestamp" in statement:
        parse_timestamp(statement["timestamp"], f"{path}.timestamp")
    if "attachments" in statement:
        check_attachments(statement["attachments"], f"{path}.attachments")


def check_substatement(value: Any, path: str, *, version: str = V1) -> dict:
    sub = require_object(value, path)
    # Data 2.4.4.3: a SubStatement MUST NOT have id, stored, version or authority.
    require_keys(sub, path, allowed=SUBSTATEMENT_KEYS, required=("objectType", "actor", "verb", "object"))
    _check_body(sub, path, allow_substatement=False, version=version)
    return sub


def check_statement(value: Any, path: str = "statement", *, version: str = V1) -> dict:
    """Checks one statement as a client sent it in a request of xAPI ``version`` (ADR 0020);
    raises ``XapiValidationError`` at the first fault."""
    statement = require_object(value, path)
    require_keys(statement, path, allowed=STATEMENT_KEYS, required=("actor", "verb", "object"))
    if "id" in statement:
        check_uuid(statement["id"], f"{path}.id")
    _check_body(statement, path, allow_substatement=True, version=version)
    if "stored" in statement:
        parse_timestamp(statement["stored"], f"{path}.stored")
    if "authority" in statement:
        authority = check_actor(statement["authority"], f"{path}.authority")
        # Data 2.4.9: a Group authority is only the anonymous two-Agent group of OAuth.
        if authority.get("objectType") == "Group" and (
            agent_ifi(authority) is not None or len(authority.get("member", ())) != 2
        ):
            raise XapiValidationError(
                f"{path}.authority", "a Group authority must be anonymous with two Agents"
            )
    if "version" in statement:
        check_version(statement["version"], f"{path}.version", allowed=statement_versions(version))
    return statement
