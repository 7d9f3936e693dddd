"""The door of ``content`` for higher apps (certification, analytics).

Recording learning events: every event becomes an xAPI statement in Tadrib's LRS. Call
``statement_record`` inside the transaction that writes the fact it describes.
"""

from collections.abc import Iterable

from content.data import PackageEngagementData
from content.lrs.auth import system_authority
from content.lrs.services import launch_token_issue, statement_record
from content.lrs.validation import XapiValidationError
from content.runtime import engagement

__all__ = [
    "PackageEngagementData",
    "XapiValidationError",
    "launch_token_issue",
    "package_engagement",
    "statement_record",
    "system_authority",
]


def package_engagement(*, user_ids: Iterable[int] | None = None) -> list[PackageEngagementData]:
    """Per content package: people, attempts, completed attempts, time spent and LRS statements,
    of everyone or of the given people; previews and reset attempts are not counted."""
    return engagement.package_engagement(user_ids=user_ids)
