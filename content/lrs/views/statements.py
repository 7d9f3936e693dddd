"""The Statements resource (xAPI 1.0.3 and 2.0, Communication 2.1): PUT, POST, GET (one or a query)."""

import json
import re
from datetime import UTC, datetime
from uuid import UUID

from django.core import signing
from django.http import HttpResponse
from django.utils.http import http_date

from ..auth import Credential
from ..canonical import accepted_languages, format_canonical, format_ids, format_timestamp
from ..errors import BadRequest
from ..jsonio import loads
from ..models import Attachment
from ..multipart import build, parse, sha2_matches
from ..queries import Cursor, StatementFilter, attachments_for, statement_get, statements_find
from ..services import AttachmentPart, statements_store
from ..validation import check_iri, check_uuid
from .base import STATEMENT_QUERY_PARAMETERS, XapiRequest, json_response, not_json

_SINGLE_PARAMS = {"statementId", "voidedStatementId", "format", "attachments"}
_MORE_SALT = "content.lrs.more"
_DIGITS = re.compile("[0-9]+")


def _read_statements(xrequest: XapiRequest) -> tuple[object, dict[str, AttachmentPart]]:
    """The JSON of a PUT or POST, and its attachment parts, each checked against its hash."""
    media_type = xrequest.media_type
    if media_type == "multipart/mixed":
        parts = parse(xrequest.body, xrequest.content_type)
        first, rest = parts[0], parts[1:]
        if first.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
            raise BadRequest("The first part of a multipart statement request must be application/json.")
        try:
            payload = loads(first.body)
        except ValueError as error:  # UnicodeDecodeError is one
            raise BadRequest(not_json("The statement part", error)) from error
        attachments = {}
        for part in rest:
            sha2 = part.headers.get("x-experience-api-hash")
            if not sha2:
                raise BadRequest("Each attachment part needs an X-Experience-API-Hash header.")
            if part.headers.get("content-transfer-encoding", "").lower() != "binary":
                raise BadRequest("Each attachment part needs Content-Transfer-Encoding: binary.")
            if not sha2_matches(sha2, part.body):
                raise BadRequest("An attachment's content does not match its X-Experience-API-Hash.")
            attachments[sha2.lower()] = AttachmentPart(
                content_type=_part_content_type(part.headers), content=part.body
            )
        return payload, attachments
    if media_type != "application/json" and not xrequest.extra.get("alternate"):
        raise BadRequest("Statements are sent as application/json or multipart/mixed.")
    return xrequest.json_body(), {}


def _part_content_type(headers: dict[str, str]) -> str:
    content_type = headers.get("content-type", "application/octet-stream")
    if len(content_type) > Attachment.content_type.field.max_length or "\x00" in content_type:
        raise BadRequest("An attachment part's Content-Type is too long.")
    return content_type


def put_statement(xrequest: XapiRequest, credential: Credential) -> HttpResponse:
    statement_id = xrequest.param("statementId", required=True)
    check_uuid(statement_id, "statementId")
    if set(xrequest.params) - {"statementId"}:
        raise BadRequest("PUT takes only the statementId parameter.")
    payload, parts = _read_statements(xrequest)
    if not isinstance(payload, dict):
        raise BadRequest("PUT takes one statement.")
    statements_store(
        statements=[payload],
        credential=credential,
        parts=parts,
        put_id=statement_id,
        version=xrequest.version,
    )
    return HttpResponse(status=204)


def post_statements(xrequest: XapiRequest, credential: Credential) -> HttpResponse:
    if xrequest.params:
        raise BadRequest("POST takes no parameters.")
    payload, parts = _read_statements(xrequest)
    # An empty array stores nothing and is answered with no ids: cmi5 AUs made with CATAPULT's
    # library send one on every exit.
    statements = payload if isinstance(payload, list) else [payload]
    ids = statements_store(
        statements=statements, credential=credential, parts=parts, version=xrequest.version
    )
    return json_response(ids)


def _formatted(data: dict, fmt: str, languages: list[str]) -> dict:
    if fmt == "ids":
        return format_ids(data)
    if fmt == "canonical":
        return format_canonical(data, languages)
    return data


def _attachment_hashes(statements: list[dict]) -> set[str]:
    hashes = set()
    for statement in statements:
        for attachment in statement.get("attachments", ()):
            hashes.add(attachment["sha2"])
        obj = statement["object"]
        if obj.get("objectType") == "SubStatement":
            hashes.update(a["sha2"] for a in obj.get("attachments", ()))
    return hashes


def _respond(
    result: object, statements: list[dict], *, with_attachments: bool, **headers: str
) -> HttpResponse:
    consistent = format_timestamp(datetime.now(UTC))
    if not with_attachments:
        return json_response(result, X_Experience_API_Consistent_Through=consistent, **headers)
    files = [
        (a.sha2, a.content_type, bytes(a.content)) for a in attachments_for(_attachment_hashes(statements))
    ]
    body, content_type = build(json.dumps(result).encode(), files)
    response = HttpResponse(body, content_type=content_type)
    response["X-Experience-API-Consistent-Through"] = consistent
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _format_param(xrequest: XapiRequest) -> str:
    fmt = xrequest.param("format") or "exact"
    if fmt not in ("ids", "exact", "canonical"):
        raise BadRequest("format must be ids, exact or canonical.")
    return fmt


def get_statements(xrequest: XapiRequest, credential: Credential) -> HttpResponse:
    params = set(xrequest.params)
    languages = accepted_languages(xrequest.headers.get("accept-language", ""))
    if "more" in params:
        return _more(xrequest, credential, languages)
    fmt = _format_param(xrequest)
    with_attachments = xrequest.bool_param("attachments")
    single = params & {"statementId", "voidedStatementId"}
    if single:
        if len(single) > 1 or params - _SINGLE_PARAMS:
            raise BadRequest("statementId and voidedStatementId take no other filter.")
        name = single.pop()
        statement_id = check_uuid(xrequest.param(name), name)
        row = statement_get(
            statement_id=UUID(statement_id), voided=name == "voidedStatementId", credential=credential
        )
        data = _formatted(row.data, fmt, languages)
        return _respond(
            data,
            [row.data],
            with_attachments=with_attachments,
            Last_Modified=http_date(row.stored.timestamp()),
        )
    unknown = params - STATEMENT_QUERY_PARAMETERS
    if unknown:
        raise BadRequest(f"Unknown parameters: {', '.join(sorted(unknown))}.")
    query = _query(xrequest)
    return _page(xrequest, credential, query, None, fmt, with_attachments, languages)


def _query(xrequest: XapiRequest) -> StatementFilter:
    agent = xrequest.agent_param("agent")
    verb = xrequest.param("verb")
    if verb is not None:
        check_iri(verb, "verb")
    activity = xrequest.param("activity")
    if activity is not None:
        check_iri(activity, "activity")
    registration = xrequest.param("registration")
    if registration is not None:
        check_uuid(registration, "registration")
    limit_raw = xrequest.param("limit") or "0"
    # ASCII digits only: str.isdigit() also takes "²", which int() then refuses.
    if not _DIGITS.fullmatch(limit_raw):
        raise BadRequest("limit must be a non-negative integer.")
    # Any limit past the largest page is the largest page; int() refuses 4,300 digits and more.
    significant = limit_raw.lstrip("0") or "0"
    return StatementFilter(
        agent_ifi=agent[1] if agent else None,
        verb_id=verb,
        activity_id=activity,
        registration=UUID(registration) if registration else None,
        related_agents=xrequest.bool_param("related_agents"),
        related_activities=xrequest.bool_param("related_activities"),
        since=xrequest.timestamp_param("since"),
        until=xrequest.timestamp_param("until"),
        limit=int(significant) if len(significant) <= 9 else 10**9,
        ascending=xrequest.bool_param("ascending"),
    )


def _page(
    xrequest: XapiRequest,
    credential: Credential,
    query: StatementFilter,
    cursor: Cursor | None,
    fmt: str,
    with_attachments: bool,
    languages: list[str],
) -> HttpResponse:
    rows, next_cursor = statements_find(query=query, credential=credential, cursor=cursor)
    data = [row.data for row in rows]
    more = ""
    if next_cursor is not None:
        token = signing.dumps(
            {
                "q": {
                    **query.__dict__,
                    "registration": str(query.registration) if query.registration else None,
                    "since": query.since.isoformat() if query.since else None,
                    "until": query.until.isoformat() if query.until else None,
                },
                "c": [next_cursor.stored.isoformat(), next_cursor.pk],
                "f": fmt,
                "a": with_attachments,
            },
            salt=_MORE_SALT,
            compress=True,
        )
        more = f"{xrequest.path}?more={token}"
    result = {"statements": [_formatted(item, fmt, languages) for item in data], "more": more}
    return _respond(result, data, with_attachments=with_attachments)


def _more(xrequest: XapiRequest, credential: Credential, languages: list[str]) -> HttpResponse:
    try:
        state = signing.loads(xrequest.param("more"), salt=_MORE_SALT)
    except signing.BadSignature as error:
        raise BadRequest("This more link is not valid.") from error
    raw = state["q"]
    query = StatementFilter(
        **{
            **raw,
            "registration": UUID(raw["registration"]) if raw["registration"] else None,
            "since": datetime.fromisoformat(raw["since"]) if raw["since"] else None,
            "until": datetime.fromisoformat(raw["until"]) if raw["until"] else None,
        }
    )
    cursor = Cursor(stored=datetime.fromisoformat(state["c"][0]), pk=state["c"][1])
    return _page(xrequest, credential, query, cursor, state["f"], state["a"], languages)
