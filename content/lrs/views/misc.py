"""About, Agents (the Person object) and Activities (xAPI 1.0.3, Communication 2.4, 2.5, 2.8)."""

from django.http import HttpResponse

from ..auth import Credential
from ..conf import setting
from ..errors import BadRequest
from ..queries import activity_get
from ..validation import check_iri
from .base import XapiRequest, json_response


def about(xrequest: XapiRequest, credential: Credential | None) -> HttpResponse:
    versions = [v for v in setting("LRS_ACCEPTED_VERSIONS") if v.startswith("1.0")] + ["2.0.0"]
    return json_response({"version": sorted(set(versions)), "extensions": {}})


def agents(xrequest: XapiRequest, credential: Credential) -> HttpResponse:
    if set(xrequest.params) - {"agent"}:
        raise BadRequest("The Agents resource takes only the agent parameter.")
    agent, _ = xrequest.agent_param("agent", required=True)
    person: dict = {"objectType": "Person"}
    if "name" in agent:
        person["name"] = [agent["name"]]
    for key in ("mbox", "mbox_sha1sum", "openid", "account"):
        if key in agent:
            person[key] = [agent[key]]
    return json_response(person)


def activities(xrequest: XapiRequest, credential: Credential) -> HttpResponse:
    if set(xrequest.params) - {"activityId"}:
        raise BadRequest("The Activities resource takes only the activityId parameter.")
    activity_id = check_iri(xrequest.param("activityId", required=True), "activityId")
    return json_response(activity_get(activity_id=activity_id))
