"""Our own xAPI 1.0.3 validator: exactly the rules of the specification, nothing coerced.

See docs/decisions/0002-own-lrs.md for why no library is used.
"""

from .actors import agent_ifi, check_actor, check_agent, check_group
from .errors import XapiValidationError
from .objects import check_activity
from .primitives import (
    MAX_KEY_BYTES,
    check_iri,
    check_key_length,
    check_language_map,
    check_uuid,
    parse_timestamp,
)
from .statements import SIGNATURE_USAGE, VOIDED_VERB, check_statement

__all__ = [
    "MAX_KEY_BYTES",
    "SIGNATURE_USAGE",
    "VOIDED_VERB",
    "XapiValidationError",
    "agent_ifi",
    "check_activity",
    "check_actor",
    "check_agent",
    "check_group",
    "check_iri",
    "check_key_length",
    "check_language_map",
    "check_statement",
    "check_uuid",
    "parse_timestamp",
]
