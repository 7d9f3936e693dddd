"""The two xAPI versions the LRS speaks, negotiated per request (ADR 0020).

A request names its version in ``X-Experience-API-Version``; each response carries the version it
was answered under: 1.0.3 for any 1.0.x request, 2.0.0 for 2.0.x, and ``LRS_DEFAULT_VERSION`` for
a request that names none or one the LRS does not speak (it is refused, except at /about): 1.0.3
wants 1.0.3 there and 2.0 wants 2.0.0, for the same request. The rules that differ between the
two are asked of this module by name, never by comparing version strings.
"""

from .conf import setting

V1 = "1.0.3"
V2 = "2.0.0"


def default_version() -> str:
    """The version of an answer to a request that names none the LRS speaks."""
    return negotiated(setting("LRS_DEFAULT_VERSION")) or V1


def negotiated(header: str | None) -> str | None:
    """The version a request speaks, from its version header; None when it names none we accept."""
    if header is None:
        return None
    value = header.strip()
    if value not in setting("LRS_ACCEPTED_VERSIONS"):
        return None
    return V2 if value.startswith("2.") else V1


def statement_versions(version: str) -> tuple[str, ...]:
    """The ``version`` properties a statement may carry in a request of ``version``: 1.0.x always
    (2.0 keeps them valid), 2.0.x only when the request speaks 2.0."""
    return ("1.0", "2.0") if version == V2 else ("1.0",)


def has_context_agents(version: str) -> bool:
    """xAPI 2.0 added ``contextAgents`` and ``contextGroups`` to a statement's context."""
    return version == V2


def has_alternate_syntax(version: str) -> bool:
    """xAPI 2.0 dropped the alternate request syntax (Communication 1.3 of 1.0.3)."""
    return version == V1


def state_needs_precondition(version: str) -> bool:
    """xAPI 2.0 puts the State resource under concurrency control too: a PUT over an existing
    document without If-Match or If-None-Match is a conflict (409)."""
    return version == V2


def default_statement_version(version: str) -> str:
    """The ``version`` stored with a statement sent without one: 1.0.0 under 1.0.x (Data 2.4.10),
    2.0.0 under 2.0."""
    return "2.0.0" if version == V2 else "1.0.0"
