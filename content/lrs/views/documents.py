"""The document resources (xAPI 1.0.3, Communication 2.2–2.7): State, Activity Profile, Agent
Profile — one set of handlers, told apart by which parameters name the document."""

from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.http import http_date

from ..auth import Credential
from ..errors import BadRequest, Forbidden
from ..models import Document
from ..queries import document_get, document_ids
from ..services import DocumentKey, document_delete, document_save, documents_delete
from ..validation import MAX_KEY_BYTES, check_iri, check_key_length, check_uuid
from ..versions import state_needs_precondition
from .base import XapiRequest, json_response


@dataclass(frozen=True)
class Kind:
    name: str
    id_param: str
    params: tuple[str, ...]  # the parameters each request of this kind must send
    optional: tuple[str, ...] = ()
    # Communication 3.1: a PUT over an existing profile needs If-Match or If-None-Match.
    needs_precondition: bool = False


STATE = Kind(Document.Kind.STATE, "stateId", ("activityId", "agent"), ("registration",))
ACTIVITY_PROFILE = Kind(Document.Kind.ACTIVITY_PROFILE, "profileId", ("activityId",), needs_precondition=True)
AGENT_PROFILE = Kind(Document.Kind.AGENT_PROFILE, "profileId", ("agent",), needs_precondition=True)
LMS_DOCUMENTS = {"LMS.LaunchData"}
_MAX_DOCUMENT_KEY_BYTES = 2 * MAX_KEY_BYTES + 400


def _key(kind: Kind, xrequest: XapiRequest, credential: Credential, *, allowed: set[str]) -> DocumentKey:
    unknown = set(xrequest.params) - allowed
    if unknown:
        raise BadRequest(f"Unknown parameters: {', '.join(sorted(unknown))}.")
    activity_id = ""
    agent_ifi = ""
    registration = ""
    if "activityId" in kind.params:
        activity_id = check_iri(xrequest.param("activityId", required=True), "activityId")
    if "agent" in kind.params:
        agent_ifi = xrequest.agent_param("agent", required=True)[1]
    if "registration" in kind.optional and xrequest.param("registration") is not None:
        registration = check_uuid(xrequest.param("registration"), "registration").lower()
    document_id = xrequest.param(kind.id_param)
    if document_id is not None:
        check_key_length(document_id, kind.id_param)
    # The unique index over the document's key holds all three (see MAX_KEY_BYTES).
    if len(f"{activity_id}{agent_ifi}{document_id or ''}".encode()) > _MAX_DOCUMENT_KEY_BYTES:
        raise BadRequest("The document's activityId, agent and id are too long together.")
    if credential.learner_ifi is not None:
        registration = _token_scope(
            kind,
            xrequest,
            credential,
            activity_id=activity_id,
            agent_ifi=agent_ifi,
            registration=registration,
        )
    return DocumentKey(
        kind=kind.name, activity_id=activity_id, agent_ifi=agent_ifi, registration=registration
    )


def _token_scope(
    kind: Kind,
    xrequest: XapiRequest,
    credential: Credential,
    *,
    activity_id: str,
    agent_ifi: str,
    registration: str,
) -> str:
    """What a launch token may reach (ADR 0002), and the registration its state is kept under.

    Its own learner's state in its own registration: state asked for without a registration is
    taken to be the token's, so content that leaves it out still finds its own and nobody else's.
    Its learner's agent profile, to read (cmi5 content reads cmi5LearnerPreferences). The activity
    profiles of the activity it was issued for, to read and write: content keeps what all its
    learners share there (high scores, settings); another activity's stay out of reach. Never the
    LMS's launch data.
    """
    reading = xrequest.method in ("GET", "HEAD")
    if kind is ACTIVITY_PROFILE:
        if not credential.activity_id or activity_id != credential.activity_id:
            raise Forbidden("This launch token may only reach the profiles of its own activity.")
        return registration
    if agent_ifi != credential.learner_ifi:
        raise Forbidden("This launch token may not reach this document.")
    if kind is AGENT_PROFILE and not reading:
        raise Forbidden("This launch token may only read the learner's profile.")
    if kind is STATE and credential.registration is not None:
        own = str(credential.registration).lower()
        if registration and registration != own:
            raise Forbidden("This launch token may only reach the state of its own registration.")
        registration = own
    if kind is STATE and not reading and lms_owned(xrequest, kind):
        raise Forbidden("The LMS's launch data may not be changed by the content.")
    return registration


def _kept(kind: Kind, credential: Credential) -> bool:
    """An instructor's preview writes its own state (under the preview's registration) but not an
    activity's profiles, which every learner shares: it is told they were written, as with its
    statements (ADR 0002)."""
    return not (credential.is_preview and kind is ACTIVITY_PROFILE)


def lms_owned(xrequest: XapiRequest, kind: Kind) -> bool:
    """The documents only the LMS writes (cmi5 10.0: ``LMS.LaunchData``); no id means all of them."""
    document_id = xrequest.param(kind.id_param)
    return document_id is None or document_id in LMS_DOCUMENTS


def _allowed(kind: Kind, *extra: str) -> set[str]:
    return {*kind.params, *kind.optional, kind.id_param, *extra}


def _document_response(document: Document) -> HttpResponse:
    response = HttpResponse(bytes(document.content), content_type=document.content_type)
    response["ETag"] = f'"{document.etag}"'
    response["Last-Modified"] = http_date(document.updated.timestamp())
    return response


def handlers(kind: Kind) -> dict:
    def get(xrequest: XapiRequest, credential: Credential) -> HttpResponse:
        key = _key(kind, xrequest, credential, allowed=_allowed(kind, "since"))
        document_id = xrequest.param(kind.id_param)
        if document_id is not None:
            if xrequest.param("since") is not None:
                raise BadRequest("since is only for lists of documents.")
            return _document_response(document_get(filters=key.filter(), document_id=document_id))
        return json_response(document_ids(filters=key.filter(), since=xrequest.timestamp_param("since")))

    def save(xrequest: XapiRequest, credential: Credential, *, merge: bool) -> HttpResponse:
        key = _key(kind, xrequest, credential, allowed=_allowed(kind))
        if not credential.can_write:
            raise Forbidden("These credentials may not write.")
        document_id = xrequest.param(kind.id_param, required=True)
        content_type = xrequest.content_type or "application/octet-stream"
        if len(content_type) > Document.content_type.field.max_length or "\x00" in content_type:
            raise BadRequest("The Content-Type is too long.")
        if merge and content_type.split(";")[0].strip().lower() == "application/json":
            xrequest.json_body()
        if not _kept(kind, credential):
            return HttpResponse(status=204)
        document_save(
            key=key,
            document_id=document_id,
            content=xrequest.body,
            content_type=content_type,
            merge=merge,
            if_match=xrequest.headers.get("if-match"),
            if_none_match=xrequest.headers.get("if-none-match"),
            require_precondition=kind.needs_precondition and not merge,
            conflict_without_precondition=kind is STATE
            and not merge
            and state_needs_precondition(xrequest.version),
        )
        return HttpResponse(status=204)

    def delete(xrequest: XapiRequest, credential: Credential) -> HttpResponse:
        key = _key(kind, xrequest, credential, allowed=_allowed(kind))
        if not credential.can_write:
            raise Forbidden("These credentials may not write.")
        document_id = xrequest.param(kind.id_param)
        if document_id is None and kind is not STATE:
            raise BadRequest(f"The {kind.id_param} parameter is required.")
        if not _kept(kind, credential):
            return HttpResponse(status=204)
        if document_id is None:
            documents_delete(key=key)
        else:
            document_delete(key=key, document_id=document_id, if_match=xrequest.headers.get("if-match"))
        return HttpResponse(status=204)

    return {
        "GET": get,
        "PUT": lambda x, c: save(x, c, merge=False),
        "POST": lambda x, c: save(x, c, merge=True),
        "DELETE": delete,
    }
