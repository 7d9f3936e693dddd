"""What an instructor should know about a package that was imported all the same.

Moodle plays packages with small faults (an item naming a resource that is not there, a manifest
with no table of contents), so Tadrib imports them too, plays what can be played, and says what
it left out. A handler appends ``warning(WarningCode.X, …)`` to ``Manifest.warnings``; it is stored
with the manifest as ``{"code", "params"}`` and translated when it is read (``warning_text``), in
the language of whoever reads it.
"""

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .errors import Text


class WarningCode(StrEnum):
    ITEM_SKIPPED = "item_skipped"
    NO_ORGANISATION = "no_organisation"
    PREREQUISITES_UNREADABLE = "prerequisites_unreadable"
    PREREQUISITES_UNKNOWN_ITEM = "prerequisites_unknown_item"
    TIME_LIMIT_IGNORED = "time_limit_ignored"
    TIME_LIMIT_ACTION_IGNORED = "time_limit_action_ignored"


MESSAGES: dict[WarningCode, Promise] = {
    WarningCode.ITEM_SKIPPED: _(
        "“%(item)s” refers to the resource %(ref)s, which the manifest does not define: this item "
        "is left out, and the rest of the package plays."
    ),
    WarningCode.NO_ORGANISATION: _(
        "The manifest has no table of contents (its <organizations> is empty): its %(count)s SCO(s) "
        "are played in the order of its resources, titled by their file names."
    ),
    WarningCode.PREREQUISITES_UNREADABLE: _(
        "The prerequisites “%(script)s” of “%(item)s” cannot be read (%(detail)s): the item is not locked."
    ),
    WarningCode.PREREQUISITES_UNKNOWN_ITEM: _(
        "The prerequisites of “%(item)s” name %(ref)s, which is not an item of the package: that "
        "condition counts as met."
    ),
    WarningCode.TIME_LIMIT_IGNORED: _(
        "The time allowed “%(value)s” of “%(item)s” is not a SCORM 1.2 time (HH:MM:SS): it is ignored."
    ),
    WarningCode.TIME_LIMIT_ACTION_IGNORED: _(
        "The time limit action “%(value)s” of “%(item)s” is not one of SCORM 1.2's: it is ignored."
    ),
}


def warning(code: WarningCode, **params: Any) -> dict[str, Any]:
    """A warning as stored in the manifest's JSON: its code and its values as text."""
    return {"code": str(code), "params": {key: str(value) for key, value in params.items()}}


def warning_text(stored: Mapping[str, Any]) -> str:
    """The stored warning in the reader's language ("" for a code this version does not know)."""
    try:
        template = MESSAGES[WarningCode(stored.get("code"))]
    except ValueError:
        return ""
    params = stored.get("params")
    return str(Text(template, **(params if isinstance(params, Mapping) else {})))
