"""Hostile commits for the player's commit endpoint, shared by the SQLite and PostgreSQL tiers.

``check_commit(body)`` posts one body with a valid launch token: the answer is never a 500 (the
test client re-raises any exception), and a refused commit stores nothing — no commit, no change
to the attempt, no statement.
"""

import json

from hypothesis import strategies as st

from content.lrs.models import Statement
from content.runtime.models import Attempt, RuntimeCommit

URL = "/play/api/commit/"
DEEP = 100_000

# Any character, lone surrogates and NUL included.
odd_text = st.text(st.characters(codec=None, categories=None), max_size=40) | st.sampled_from(
    ["\x00", "a\x00b", "\ud800", "\U0001f600", "\u202e", "ي" * 70_000, "2026-02-30T25:61:00+99:00"]
)
numbers = (
    st.integers(min_value=-(10**25), max_value=10**25)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from([0, 1, 2**31 - 1, 2**31, 10**19, 12345678901234567890, True, False])
)
leaves = st.none() | st.booleans() | numbers | odd_text
values = st.recursive(
    leaves,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(odd_text, inner, max_size=3),
    max_leaves=8,
)
cmi_keys = st.sampled_from(
    ["cmi.core.lesson_location", "cmi.suspend_data", "cmi.core.score.raw", "cmi.core.lesson_status", "adl.x"]
) | odd_text.map(lambda text: "cmi." + text)
commits = st.fixed_dictionaries(
    {},
    optional={
        "sequence": numbers | odd_text | values,
        "item": st.just("i1") | odd_text,
        "session": numbers | odd_text | st.none(),
        "terminate": values,
        "cmi": st.dictionaries(cmi_keys, values, max_size=5) | values,
    },
)


def _encoded(body) -> bytes:
    return json.dumps(body, allow_nan=True).encode()


raw_bodies = st.one_of(
    commits.map(_encoded),
    # Truncated: a valid commit cut anywhere.
    st.tuples(commits.map(_encoded), st.integers(min_value=0, max_value=200)).map(lambda t: t[0][: t[1]]),
    st.integers(min_value=1, max_value=DEEP).map(lambda depth: b"[" * depth + b"]" * depth),
    st.integers(min_value=1, max_value=DEEP).map(lambda depth: b'{"cmi":' * depth + b"1" + b"}" * depth),
    st.binary(max_size=200),
    st.sampled_from([b"NaN", b'{"sequence": NaN}', b'{"sequence": 1e999}', b"\xff\xfe", b"", b"null"]),
)


def state(attempt: Attempt) -> tuple:
    attempt.refresh_from_db()
    return (
        RuntimeCommit.objects.count(),
        Statement.objects.count(),
        attempt.last_sequence,
        json.dumps(attempt.state, sort_keys=True),
    )


def check_commit(client, token: str, attempt: Attempt, body: bytes) -> None:
    before = state(attempt)
    response = client.post(
        URL,
        data=body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
        HTTP_HOST="localhost",
    )
    assert response.status_code in (200, 400, 413), response.status_code
    if response.status_code != 200:
        assert state(attempt) == before
    else:
        assert response.json()["result"] is True
