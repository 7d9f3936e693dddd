"""The door of ``content`` for higher apps (certification, analytics).

Recording learning events: every event becomes an xAPI statement in Tadrib's LRS. Call
``statement_record`` inside the transaction that writes the fact it describes.
"""

from content.lrs.auth import system_authority
from content.lrs.services import launch_token_issue, statement_record
from content.lrs.validation import XapiValidationError

__all__ = ["XapiValidationError", "launch_token_issue", "statement_record", "system_authority"]
