"""Generated hostile requests to every LRS resource, and the rule each answer must keep: never a
500, and a refused request stores nothing (issue 9, acceptance 2).

Shared by the unit tier (SQLite, tests/content/lrs/test_views_hostile_input.py) and the
integration tier (PostgreSQL, tests/integration/test_views_lrs_hostile_postgresql.py), whose
databases refused different things. Bounded to 100 examples a resource (the integration tier
takes half as many); for a longer hunt set ``TADRIB_FUZZ_EXAMPLES=3000``.
"""

import base64
import io
import json
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

from django.test import Client
from hypothesis import strategies as st

from content.lrs.models import Activity, Attachment, Document, Statement, StatementActivity, StatementAgent
from content.lrs.services import launch_token_issue, lrs_client_create
from content.lrs.views.base import STATEMENT_QUERY_PARAMETERS
from tests.fuzz import fuzz_settings

FUZZ = fuzz_settings(100)

RESOURCES = (
    "statements",
    "activities/state",
    "activities/profile",
    "agents/profile",
    "activities",
    "agents",
    "about",
)
LEARNER = {"objectType": "Agent", "name": "Trainee", "mbox": "mailto:trainee@example.org"}
ACTIVITY = "https://tadrib.example/activities/1"
REGISTRATION = "6f2d7f4a-3c1e-4b8e-9a35-2f1e0c7d9b10"

# Values each found (or could have found) a fault: a trailing newline after a pattern, NUL,
# lone surrogates, digits that are not ASCII, dates out of range in UTC, offsets PostgreSQL
# refuses, identifiers too long to index, numbers JSON has no place for.
_TRICKS = [
    REGISTRATION + "\n",
    REGISTRATION.upper(),
    "mailto:trainee@example.org\n",
    "https://tadrib.example/a\n",
    "a\x00b",
    "\x00",
    "\ud800",
    "\udfff x",
    "²",
    "٣",
    "-1",
    "9" * 5000,
    "",
    " ",
    "\u202e\u200f",
    "ﷺ",
    "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59-01:00",
    "2026-01-01T00:00:00+23:59",
    "2026-02-30T10:00:00Z",
    "2026-01-01T00:00:00-00:00",
    "2026-01-01T00:00:00Z\n",
    "https://tadrib.example/" + "a" * 3000,
    "mailto:" + "a" * 3000 + "@example.org",
    "x" * 70_000,
]
odd_text = st.one_of(
    st.sampled_from(_TRICKS),
    st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=40),
)
# JSON-ish values with the numbers JSON has no place for (written by json.dumps as NaN, Infinity).
odd_leaf = st.one_of(
    odd_text,
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
)
odd_json = st.recursive(
    odd_leaf,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(odd_text, children, max_size=3)
    ),
    max_leaves=12,
)


def _nested(depth: int, opener: str) -> str:
    closer = {"[": "]", '{"k":': "}"}[opener]
    return opener * depth + "1" + closer * depth


def statement() -> dict:
    return {
        "id": str(uuid.uuid4()),
        "actor": dict(LEARNER),
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"en-US": "completed"}},
        "object": {"objectType": "Activity", "id": ACTIVITY},
        "result": {"score": {"raw": 5, "min": 0, "max": 10}, "completion": True},
        "context": {"registration": REGISTRATION},
        "timestamp": "2026-01-15T10:00:00.000Z",
    }


# Where a hostile value goes in an otherwise valid statement.
_PATHS = [
    ("id",),
    ("actor", "mbox"),
    ("actor", "name"),
    ("actor",),
    ("verb", "id"),
    ("verb", "display"),
    ("object", "id"),
    ("object", "definition"),
    ("result", "score", "raw"),
    ("result", "score", "scaled"),
    ("result", "duration"),
    ("result", "extensions"),
    ("context", "registration"),
    ("context", "language"),
    ("context", "extensions"),
    ("timestamp",),
    ("version",),
    ("context", "contextAgents"),
    ("context", "contextGroups"),
]


@st.composite
def statement_bodies(draw: st.DrawFn) -> bytes:
    """A statement (or a batch) with one hostile value, or a hostile text that is almost JSON."""
    kind = draw(st.sampled_from(["value", "value", "deep", "constant", "raw", "empty"]))
    if kind == "empty":
        return b"[]"
    if kind == "deep":
        depth = draw(st.sampled_from([101, 1_025, 3_000]))
        nested = _nested(depth, draw(st.sampled_from(["[", '{"k":'])))
        return (
            '{"result": {"extensions": {"https://x.example/e": '
            + nested
            + "}}, "
            + json.dumps(statement())[1:]
        ).encode()
    if kind == "constant":
        number = draw(st.sampled_from(["NaN", "Infinity", "-Infinity", "1e999", "-1e400", "1" * 400]))
        return json.dumps(statement()).replace('"raw": 5', f'"raw": {number}').encode()
    if kind == "raw":
        return draw(st.binary(max_size=200))
    data = statement()
    path = draw(st.sampled_from(_PATHS))
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = draw(odd_json)
    payload = [data, statement()] if draw(st.booleans()) else data
    text = json.dumps(payload, ensure_ascii=draw(st.booleans()))
    return text.encode("utf-8", "surrogatepass")


# A request each resource accepts, by method: the generated ones differ from it in one or two
# places, so that most reach the code behind the first checks.
_VALID_PARAMS = {
    "statements": {
        "GET": [{}, {"agent": "@agent"}, {"activity": ACTIVITY, "since": "2026-01-01T00:00:00Z"}],
        "PUT": [{"statementId": "@uuid"}],
        "POST": [{}],
    },
    "activities/state": {
        "GET": [{"activityId": ACTIVITY, "agent": "@agent", "stateId": "bookmark"}],
        "PUT": [
            {"activityId": ACTIVITY, "agent": "@agent", "stateId": "bookmark", "registration": REGISTRATION}
        ],
        "POST": [{"activityId": ACTIVITY, "agent": "@agent", "stateId": "bookmark"}],
        "DELETE": [{"activityId": ACTIVITY, "agent": "@agent"}],
    },
    "activities/profile": {
        "GET": [
            {"activityId": ACTIVITY, "profileId": "p"},
            {"activityId": ACTIVITY, "since": "2026-01-01T00:00:00Z"},
        ],
        "PUT": [{"activityId": ACTIVITY, "profileId": "p"}],
        "POST": [{"activityId": ACTIVITY, "profileId": "p"}],
        "DELETE": [{"activityId": ACTIVITY, "profileId": "p"}],
    },
    "agents/profile": {
        "GET": [{"agent": "@agent", "profileId": "p"}],
        "PUT": [{"agent": "@agent", "profileId": "p"}],
        "POST": [{"agent": "@agent", "profileId": "p"}],
        "DELETE": [{"agent": "@agent", "profileId": "p"}],
    },
    "activities": {"GET": [{"activityId": ACTIVITY}]},
    "agents": {"GET": [{"agent": "@agent"}]},
    "about": {"GET": [{}]},
}
_STATEMENT_FILTERS = sorted(STATEMENT_QUERY_PARAMETERS | {"statementId", "voidedStatementId"})


@st.composite
def hostile_agent(draw: st.DrawFn) -> str:
    agent = dict(LEARNER)
    agent[draw(st.sampled_from(["mbox", "name", "objectType", "account", "openid"]))] = draw(odd_json)
    return json.dumps(agent, ensure_ascii=draw(st.booleans()))


@st.composite
def params(draw: st.DrawFn, resource: str, method: str) -> dict[str, str]:
    """A valid set of parameters for the resource and method, one of them (or one more) hostile."""
    by_method = _VALID_PARAMS[resource]
    base = draw(st.sampled_from(by_method.get(method) or by_method["GET"]))
    values = {"@agent": json.dumps(LEARNER), "@uuid": str(uuid.uuid4())}
    out = {name: values.get(value, value) for name, value in base.items()}
    names = sorted(out) + (_STATEMENT_FILTERS if resource == "statements" and method == "GET" else [])
    names += ["registration", "since"] if resource.endswith("state") else []
    how = draw(st.sampled_from(["one", "one", "one", "none", "extra"]))
    if how == "one" and names:
        name = draw(st.sampled_from(names))
        out[name] = draw(hostile_agent()) if name == "agent" and draw(st.booleans()) else draw(odd_text)
    elif how == "extra":
        out[draw(odd_text)] = draw(odd_text)
    return out


@dataclass(frozen=True)
class HostileRequest:
    method: str
    resource: str
    params: dict[str, str]
    body: bytes
    content_type: str
    framing: str  # "plain", "chunked" (the server ends the stream), "chunked-unended", "short"
    headers: dict[str, str]


@st.composite
def odd_documents(draw: st.DrawFn) -> bytes:
    """JSON documents nested too deep, or with numbers JSON has no place for."""
    if draw(st.booleans()):
        depth = draw(st.sampled_from([101, 1_025, 3_000]))
        return ('{"a": ' + _nested(depth, draw(st.sampled_from(["[", '{"k":']))) + "}").encode()
    number = draw(st.sampled_from(["NaN", "Infinity", "-Infinity", "1e999", "-1e400"]))
    return f'{{"score": {number}}}'.encode()


@st.composite
def requests(draw: st.DrawFn, resource: str) -> HostileRequest:
    method = draw(st.sampled_from([*_VALID_PARAMS[resource], "HEAD", "DELETE", "PUT"]))
    body = b""
    if method in ("PUT", "POST"):
        if resource == "statements":
            body = draw(statement_bodies())
        else:
            body = draw(
                st.one_of(
                    odd_json.map(lambda value: json.dumps(value).encode("utf-8", "surrogatepass")),
                    odd_documents(),
                )
            )
    content_type = draw(
        st.sampled_from(
            [
                "application/json",
                "application/json",
                "application/json",
                "application/json; charset=utf-8",
                "text/plain",
                "multipart/mixed; boundary=xyz",
                "application/octet-stream; x=" + "y" * 300,
                "",
            ]
        )
    )
    framing = draw(
        st.sampled_from(["plain", "plain", "plain", "plain", "chunked", "chunked-unended", "short"])
    )
    headers = {}
    if resource.endswith("profile") and method == "PUT":
        headers["If-None-Match"] = "*"
    if draw(st.integers(0, 9)) == 0:
        headers[draw(st.sampled_from(["If-Match", "If-None-Match", "Accept-Language"]))] = draw(odd_text)
    return HostileRequest(
        method, resource, draw(params(resource, method)), body, content_type, framing, headers
    )


def credentials() -> dict[str, dict[str, str]]:
    """The headers of a client system's Basic credentials and of a content session's launch token
    (issued for ACTIVITY, whose profiles it may write), speaking xAPI 1.0.3 or 2.0.0."""
    client, secret = lrs_client_create(name="Hostile client")
    token = launch_token_issue(actor=LEARNER, registration=uuid.UUID(REGISTRATION), activity_id=ACTIVITY)
    basic = base64.b64encode(f"{client.key}:{secret}".encode()).decode()
    return {
        f"{who} {version}": {"X-Experience-API-Version": version, "Authorization": authorization}
        for who, authorization in (("client", f"Basic {basic}"), ("launch token", f"Basic {token}"))
        for version in ("1.0.3", "2.0.0")
    }


def snapshot() -> tuple:
    """What the LRS has stored, to compare before and after a refused request."""
    return (
        list(Statement.objects.order_by("pk").values_list("pk", "voided")),
        list(Document.objects.order_by("pk").values_list("pk", "etag", "content_type")),
        list(Activity.objects.order_by("pk").values_list("pk", "definition")),
        Attachment.objects.count(),
        StatementAgent.objects.count(),
        StatementActivity.objects.count(),
    )


def send(request: HostileRequest, headers: dict[str, str]):
    """The request as a WSGI server would hand it over, with the framing it was drawn with."""
    environ = {
        "REQUEST_METHOD": request.method,
        "QUERY_STRING": urlencode(
            {
                k.encode("utf-8", "surrogatepass"): v.encode("utf-8", "surrogatepass")
                for k, v in request.params.items()
            }
        ),
        "CONTENT_TYPE": request.content_type,
        "CONTENT_LENGTH": str(len(request.body)),
        "wsgi.input": io.BytesIO(request.body),
        **{f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()},
    }
    if request.framing.startswith("chunked"):
        environ["CONTENT_LENGTH"] = ""
        environ["HTTP_TRANSFER_ENCODING"] = "chunked"
        environ["wsgi.input_terminated"] = request.framing == "chunked"
    elif request.framing == "short":
        environ["CONTENT_LENGTH"] = str(len(request.body) + 7)
    for name, value in request.headers.items():
        environ[f"HTTP_{name.upper().replace('-', '_')}"] = value.encode("utf-8", "surrogatepass").decode(
            "latin-1"
        )
    return Client().generic(request.method, f"/xapi/{request.resource}", **environ)


def check(request: HostileRequest, headers: dict[str, str]) -> None:
    """Never a 500; a refused request changes nothing that is stored."""
    before = snapshot()
    response = send(request, headers)
    assert response.status_code < 500, (response.status_code, response.content[:300])
    if response.status_code >= 400:
        assert snapshot() == before, (response.status_code, response.content[:300])
        if request.method != "HEAD":
            assert json.loads(response.content)["error"]
