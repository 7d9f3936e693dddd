"""What every xAPI resource shares: reading the request (including the 1.0.3 alternate request
syntax), the version it speaks (ADR 0020), authentication, CORS, HEAD, and errors as status codes.

Resource handlers receive an ``XapiRequest`` and a ``Credential`` and return an ``HttpResponse``;
they never see Django's request, so the alternate syntax is handled once, here.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from ..auth import Credential, authenticate
from ..canonical import format_timestamp
from ..conf import setting
from ..errors import (
    BadRequest,
    LengthRequired,
    LrsError,
    MethodNotAllowed,
    RequestTimeout,
    TooLarge,
    Unauthorized,
)
from ..jsonio import JsonRefused, dumps, loads
from ..validation import XapiValidationError, agent_ifi, check_actor, parse_timestamp
from ..versions import default_version, has_alternate_syntax, negotiated

logger = logging.getLogger(__name__)

CONSISTENT = "X-Experience-API-Consistent-Through"

Handler = Callable[["XapiRequest", Credential], HttpResponse]

# Headers a client may send as form fields in the alternate request syntax (Communication 1.3).
_FORM_HEADERS = {
    "authorization": "authorization",
    "x-experience-api-version": "x-experience-api-version",
    "content-type": "content-type",
    "content-length": "content-length",
    "if-match": "if-match",
    "if-none-match": "if-none-match",
    "accept-language": "accept-language",
}
# The filters of a GET of statements (Communication 2.1.3).
STATEMENT_QUERY_PARAMETERS = frozenset(
    {
        "agent",
        "verb",
        "activity",
        "registration",
        "related_activities",
        "related_agents",
        "since",
        "until",
        "limit",
        "format",
        "attachments",
        "ascending",
    }
)
# Every parameter of every resource of xAPI 1.0.3 (Communication 2.1–2.8).
XAPI_PARAMETERS = STATEMENT_QUERY_PARAMETERS | {
    "statementId",
    "voidedStatementId",
    "activityId",
    "stateId",
    "profileId",
}
_CORS_HEADERS = (
    "Authorization, Content-Type, X-Experience-API-Version, If-Match, If-None-Match, Accept-Language"
)
_CORS_EXPOSE = (
    "ETag, Last-Modified, X-Experience-API-Consistent-Through, X-Experience-API-Version, Content-Type"
)


@dataclass
class XapiRequest:
    method: str
    path: str
    params: dict[str, str]
    headers: dict[str, str]  # names lower-cased
    body: bytes
    extra: dict[str, Any] = field(default_factory=dict)
    # The xAPI version the request speaks (versions.V1 or V2); None when its header names none
    # the LRS accepts.
    version: str | None = None

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    @property
    def media_type(self) -> str:
        return self.content_type.split(";")[0].strip().lower()

    def param(self, name: str, *, required: bool = False) -> str | None:
        value = self.params.get(name)
        if value is None and required:
            raise BadRequest(f"The {name} parameter is required.")
        return value

    def json_param(self, name: str, *, required: bool = False) -> Any:
        raw = self.param(name, required=required)
        if raw is None:
            return None
        try:
            return loads(raw)
        except ValueError as error:
            raise BadRequest(not_json(f"The {name} parameter", error)) from error

    def agent_param(self, name: str = "agent", *, required: bool = False) -> tuple[dict, str] | None:
        """An Agent (or identified Group) parameter, with its IFI."""
        agent = self.json_param(name, required=required)
        if agent is None:
            return None
        check_actor(agent, name)
        ifi = agent_ifi(agent)
        if ifi is None:
            raise BadRequest(f"The {name} parameter must be identified by an IFI.")
        return agent, ifi

    def timestamp_param(self, name: str) -> datetime | None:
        raw = self.param(name)
        return None if raw is None else parse_timestamp(raw, name)

    def bool_param(self, name: str) -> bool:
        raw = self.param(name)
        if raw is None:
            return False
        if raw.lower() not in ("true", "false"):
            raise BadRequest(f"The {name} parameter must be true or false.")
        return raw.lower() == "true"

    def json_body(self) -> Any:
        try:
            return loads(self.body)
        except ValueError as error:  # UnicodeDecodeError is one
            raise BadRequest(not_json("The request body", error)) from error


def not_json(what: str, error: ValueError) -> str:
    """Why ``what`` was refused: not JSON at all, or JSON the LRS does not take (jsonio)."""
    if isinstance(error, JsonRefused):
        return f"{what} is refused: {error}"
    return f"{what} is not valid JSON."


def json_response(value: Any, status: int = 200, **headers: str) -> HttpResponse:
    response = HttpResponse(
        dumps(value),
        status=status,
        content_type="application/json; charset=utf-8",
    )
    for name, header in headers.items():
        response[name.replace("_", "-")] = header
    return response


def _read_body(request: HttpRequest) -> bytes:
    """The whole body, or a refusal: too large, cut short, or chunked where it cannot be read."""
    limit = setting("LRS_MAX_BODY_BYTES")
    meta = request.META
    sock = meta.get("gunicorn.socket")
    if sock is not None:
        # A client that stops sending in the middle of its body would hold the worker until
        # gunicorn kills it (30 s) and then, if it closed its side, have the part sent stored.
        sock.settimeout(setting("LRS_BODY_TIMEOUT_SECONDS"))
    try:
        return _read_whole(request, limit)
    finally:
        if sock is not None:
            # Only the body: a timeout also bounds a whole sendall(), which would cut a large
            # response to a slow client.
            sock.settimeout(None)


def _read_whole(request: HttpRequest, limit: int) -> bytes:
    meta = request.META
    try:
        if "chunked" in meta.get("HTTP_TRANSFER_ENCODING", "").lower():
            return _read_chunked(meta, limit)
        try:
            length = int(meta.get("CONTENT_LENGTH") or 0)
        except ValueError as error:
            raise BadRequest("Content-Length is not a number.") from error
        if length < 0:
            raise BadRequest("Content-Length is not a number.")
        if length > limit:
            raise TooLarge("The request body is too large.")
        # Read the stream ourselves: Django's request.body has its own, smaller, limit.
        body = request._body if hasattr(request, "_body") else request.read(limit + 1)
    except OSError as error:  # the socket's timeout
        raise RequestTimeout("The request body stopped arriving.") from error
    if len(body) < length:
        # Django's stream ends early without a word when the client closes its side.
        raise BadRequest(
            f"The request body is shorter than its Content-Length ({len(body)} of {length} bytes)."
        )
    return body


def _read_chunked(meta: dict, limit: int) -> bytes:
    """A chunked body has no Content-Length, so Django reads it as empty (and a PUT stored an
    empty document). A server that decodes the chunks and ends the stream says so with
    ``wsgi.input_terminated`` (gunicorn does); elsewhere (the development server) it is refused."""
    if not meta.get("wsgi.input_terminated"):
        raise LengthRequired("This server needs a Content-Length: send the body unchunked.")
    stream = meta["wsgi.input"]
    pieces, size = [], 0
    while size <= limit:
        piece = stream.read(limit + 1 - size)
        if not piece:
            break
        pieces.append(piece)
        size += len(piece)
    if size > limit:
        raise TooLarge("The request body is too large.")
    return b"".join(pieces)


def _no_nul(params: dict[str, str]) -> dict[str, str]:
    # PostgreSQL's text cannot hold NUL; no identifier of xAPI has one either.
    if any("\x00" in key or "\x00" in value for key, value in params.items()):
        raise BadRequest("Parameters may not contain the NUL character.")
    return params


def _parse(request: HttpRequest) -> XapiRequest:
    body = _read_body(request)
    headers = {name.lower(): value for name, value in request.headers.items()}
    # Duplicated query parameters keep the last value.
    params = _no_nul({key: request.GET[key] for key in request.GET})
    if request.method == "POST" and "method" in params:
        return _alternate(request, params, headers, body)
    return XapiRequest(
        method=request.method or "GET",
        path=request.path,
        params=params,
        headers=headers,
        body=body,
        version=negotiated(headers.get("x-experience-api-version")),
    )


def _alternate(request: HttpRequest, params: dict, headers: dict, body: bytes) -> XapiRequest:
    """The 1.0.3 alternate request syntax: the method in the query, everything else in a form."""
    method = params.pop("method").upper()
    if params:
        raise BadRequest("With the alternate request syntax only 'method' may be in the query string.")
    if method not in ("GET", "PUT", "POST", "DELETE", "HEAD"):
        raise BadRequest("Unknown method in the alternate request syntax.")
    if headers.get("content-type", "").split(";")[0].strip().lower() != "application/x-www-form-urlencoded":
        raise BadRequest("The alternate request syntax needs application/x-www-form-urlencoded.")
    form_headers = {}
    form_params = {}
    content = b""
    for key, value in parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True):
        lowered = key.lower()
        if lowered in _FORM_HEADERS:
            form_headers[_FORM_HEADERS[lowered]] = value
        elif key == "content":
            content = value.encode()
        else:
            form_params[key] = value
    merged = {k: v for k, v in headers.items() if k not in ("content-type", "content-length")}
    merged.update(form_headers)
    return XapiRequest(
        method=method,
        path=request.path,
        params=_no_nul(form_params),
        headers=merged,
        body=content,
        extra={"alternate": True},
        version=negotiated(merged.get("x-experience-api-version")),
    )


def _cors(request: HttpRequest, response: HttpResponse) -> None:
    origin = request.headers.get("Origin")
    if origin and origin in setting("LRS_CORS_ORIGINS"):
        response["Access-Control-Allow-Origin"] = origin
        response["Access-Control-Allow-Credentials"] = "true"
        response["Access-Control-Expose-Headers"] = _CORS_EXPOSE
        response["Vary"] = "Origin"


def _error(status: int, message: str) -> HttpResponse:
    return json_response({"error": message}, status=status)


def resource(
    handlers: dict[str, Handler], *, public: bool = False, consistent_through: bool = False
) -> Callable[[HttpRequest], HttpResponse]:
    """A Django view for one xAPI resource, with ``handlers`` by method (HEAD runs GET's)."""

    @csrf_exempt
    def view(request: HttpRequest) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=200)
            response["Allow"] = ", ".join([*handlers, "HEAD", "OPTIONS"])
            response["Access-Control-Allow-Methods"] = "GET, HEAD, PUT, POST, DELETE, OPTIONS"
            response["Access-Control-Allow-Headers"] = _CORS_HEADERS
            response["Access-Control-Max-Age"] = "86400"
            _cors(request, response)
            return response
        head = False
        # The version a refusal is answered under, when the request cannot be read.
        version = negotiated(request.headers.get("X-Experience-API-Version"))
        try:
            xrequest = _parse(request)
            version = xrequest.version
            head = xrequest.method == "HEAD"
            response = _handle(xrequest, handlers, public=public)
        except XapiValidationError as error:
            # The JSON path of the fault, as ADR 0002 promises: in the message and on its own.
            fault = {"error": str(error), "path": error.path} if error.path else {"error": str(error)}
            response = json_response(fault, status=400)
        except LrsError as error:
            response = _error(error.status, error.message)
            if error.status == 401:
                response["WWW-Authenticate"] = 'Basic realm="xAPI"'
        response["X-Experience-API-Version"] = version or default_version()
        if consistent_through and request.method in ("GET", "HEAD") and not response.has_header(CONSISTENT):
            # Communication 2.1.3: every GET of statements carries it, whatever the status.
            response[CONSISTENT] = format_timestamp(datetime.now(UTC))
        _cors(request, response)
        if head:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response

    return view


def _handle(xrequest: XapiRequest, handlers: dict[str, Handler], *, public: bool) -> HttpResponse:
    header = xrequest.headers.get("x-experience-api-version")
    if xrequest.extra.get("alternate") and xrequest.version and not has_alternate_syntax(xrequest.version):
        raise BadRequest("xAPI 2.0 has no alternate request syntax: send the method and headers as such.")
    if not public:
        if header is None:
            raise BadRequest("The X-Experience-API-Version header is required.")
        if xrequest.version is None:
            raise BadRequest(f"xAPI version {header!r} is not supported.")
    credential = authenticate(xrequest.headers.get("authorization", ""))
    if credential is None and not public:
        raise Unauthorized("Valid credentials are required.")
    if credential is not None and credential.learner_ifi is not None:
        # Content made elsewhere forwards its page's own query string with each request (TinCanJS
        # passes "?questions=…" on); a content session's stray parameters are ignored, while
        # client systems keep the specification's strictness.
        xrequest.params = {k: v for k, v in xrequest.params.items() if k in XAPI_PARAMETERS}
    method = "GET" if xrequest.method == "HEAD" else xrequest.method
    handler = handlers.get(method)
    if handler is None:
        raise MethodNotAllowed(f"{xrequest.method} is not allowed here.")
    return handler(xrequest, credential)
