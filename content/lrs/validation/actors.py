"""Agents and Groups (xAPI 1.0.3, Data 2.4.2), and the inverse functional identifier of each."""

from typing import Any

from .errors import XapiValidationError
from .primitives import (
    check_iri,
    check_irl,
    check_key_length,
    check_mbox,
    check_sha1,
    check_string,
    require_keys,
    require_object,
)

IFI_KEYS = ("mbox", "mbox_sha1sum", "openid", "account")
AGENT_KEYS = ("objectType", "name", *IFI_KEYS)
GROUP_KEYS = (*AGENT_KEYS, "member")


def _check_ifis(obj: dict, path: str) -> int:
    """Checks each IFI present and returns how many there are."""
    found = 0
    if "mbox" in obj:
        check_key_length(check_mbox(obj["mbox"], f"{path}.mbox"), f"{path}.mbox")
        found += 1
    if "mbox_sha1sum" in obj:
        check_sha1(obj["mbox_sha1sum"], f"{path}.mbox_sha1sum")
        found += 1
    if "openid" in obj:
        check_key_length(check_iri(obj["openid"], f"{path}.openid"), f"{path}.openid")
        found += 1
    if "account" in obj:
        account = require_object(obj["account"], f"{path}.account")
        require_keys(account, f"{path}.account", allowed=("homePage", "name"), required=("homePage", "name"))
        homepage = check_irl(account["homePage"], f"{path}.account.homePage")
        check_key_length(homepage, f"{path}.account.homePage")
        check_key_length(check_string(account["name"], f"{path}.account.name"), f"{path}.account.name")
        found += 1
    return found


def check_agent(value: Any, path: str) -> dict:
    agent = require_object(value, path)
    require_keys(agent, path, allowed=AGENT_KEYS)
    if agent.get("objectType", "Agent") != "Agent":
        raise XapiValidationError(f"{path}.objectType", 'must be "Agent"')
    if "name" in agent:
        check_string(agent["name"], f"{path}.name")
    if _check_ifis(agent, path) != 1:
        raise XapiValidationError(path, "an Agent must have exactly one inverse functional identifier")
    return agent


def check_group(value: Any, path: str) -> dict:
    group = require_object(value, path)
    require_keys(group, path, allowed=GROUP_KEYS, required=("objectType",))
    if group["objectType"] != "Group":
        raise XapiValidationError(f"{path}.objectType", 'must be "Group"')
    if "name" in group:
        check_string(group["name"], f"{path}.name")
    ifis = _check_ifis(group, path)
    if ifis > 1:
        raise XapiValidationError(path, "a Group must have at most one inverse functional identifier")
    if "member" in group:
        members = group["member"]
        if not isinstance(members, list):
            raise XapiValidationError(f"{path}.member", "must be an array of Agents")
        for index, member in enumerate(members):
            check_agent(member, f"{path}.member[{index}]")
    if ifis == 0 and not group.get("member"):
        raise XapiValidationError(f"{path}.member", "an anonymous Group must list its members")
    return group


def check_actor(value: Any, path: str) -> dict:
    """An Agent or a Group, told apart by ``objectType``."""
    actor = require_object(value, path)
    if actor.get("objectType") == "Group":
        return check_group(actor, path)
    return check_agent(actor, path)


def agent_ifi(agent: dict) -> str | None:
    """A canonical string for the IFI of an Agent or identified Group, used as an index key."""
    if "mbox" in agent:
        return "mbox:" + agent["mbox"]
    if "mbox_sha1sum" in agent:
        return "sha1:" + agent["mbox_sha1sum"].lower()
    if "openid" in agent:
        return "openid:" + agent["openid"]
    if "account" in agent:
        account = agent["account"]
        return f"account:{account['homePage']}|{account['name']}"
    return None
