"""Models of ``content``. The LRS's live in ``content/lrs/models.py``, the packages' in
``content/packages/models.py``."""

from content.lrs.models import (  # noqa: F401
    Activity,
    Attachment,
    Document,
    ForwardingDestination,
    LaunchToken,
    LrsClient,
    OutboxEntry,
    Statement,
    StatementActivity,
    StatementAgent,
)
from content.packages.models import ContentItem, ContentPackage, ContentPackageVersion  # noqa: F401
from content.runtime.models import Attempt, LaunchSession, RuntimeCommit  # noqa: F401
