"""The runtime of content that speaks xAPI itself: cmi5 AUs, Tin Can activities and H5P content.

Their content records statements in our LRS with the session's launch token. Launching an item
opens a ``LaunchSession`` and issues the token. Each batch of statements stored with a launch
token comes back here (``statements_apply``) and moves the item's result and the package's result
in courses. What a format decides — the object ids, the launch parameters, what a statement
means for the item, when an item is done — its handler says (``content.handlers.xapi``, found by
the package's kind); a format that gives the LMS duties of its own (cmi5) has them carried out by
``content.runtime.cmi5`` (ADR 0019).
"""

import logging
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from content.handlers import XAPI_KINDS, XapiHandler, xapi_handler_for
from content.handlers.xapi import TERMINATED
from content.lrs.services import launch_token_issue
from content.lrs.signals import launch_statements_stored
from content.packages.models import ContentItem
from courses.api import CoursesError, activity_result_record

from . import cmi5
from .models import Attempt, LaunchSession
from .services import activity_iri, actor_for
from .timing import seconds

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class XapiLaunch:
    """What the player needs to start an item: its session, token and (cmi5) one-time fetch code."""

    session: LaunchSession
    token: str
    activity_id: str
    fetch_code: str = ""


def _handler(attempt: Attempt) -> XapiHandler:
    return xapi_handler_for(attempt.version.kind)


def item_activity_id(attempt: Attempt, item: ContentItem) -> str:
    """The object id the content uses for the item (its handler decides)."""
    return _handler(attempt).activity_id(package_iri=activity_iri(attempt), identifier=item.identifier)


# --- Launch ---------------------------------------------------------------------------------------


@transaction.atomic
def xapi_launch(
    *,
    attempt: Attempt,
    item: ContentItem,
    launch_url: str,
    return_url: str = "",
    language: str = "ar",
) -> XapiLaunch:
    """Opens a session of one item; ``launch_url`` is the item's absolute address, without launch
    parameters (cmi5 names it in its "launched" statement)."""
    attempt = Attempt.objects.select_for_update().select_related("version", "user").get(pk=attempt.pk)
    handler = _handler(attempt)
    activity_id = item_activity_id(attempt, item)
    if handler.lms_statements:
        cmi5.sessions_abandon(attempt=attempt)
    session = LaunchSession.objects.create(
        attempt=attempt, item_identifier=item.identifier, activity_id=activity_id
    )
    token = launch_token_issue(
        actor=actor_for(attempt.user),
        registration=attempt.registration,
        activity_id=activity_id,
        is_preview=attempt.is_preview,
    )
    if not handler.lms_statements:
        return XapiLaunch(session=session, token=token, activity_id=activity_id)
    fetch_code = cmi5.session_prepare(
        attempt=attempt,
        item=item,
        session=session,
        token=token,
        launch_url=launch_url,
        return_url=return_url,
        language=language,
    )
    if not attempt.is_preview:
        _settle(attempt)
    return XapiLaunch(session=session, token=token, activity_id=activity_id, fetch_code=fetch_code)


@transaction.atomic
def cmi5_waive(*, attempt: Attempt, item: ContentItem, reason: str = "Administrative") -> None:
    """Waives an AU (an instructor's exemption): it counts as satisfied (cmi5 9.3.7)."""
    attempt = Attempt.objects.select_for_update().select_related("version", "user").get(pk=attempt.pk)
    if cmi5.waiver_record(attempt=attempt, item=item, reason=reason):
        _settle(attempt)


# --- Statements -> results ------------------------------------------------------------------------


@receiver(launch_statements_stored, dispatch_uid="content.runtime.xapi")
def _on_launch_statements(sender, *, registration: uuid.UUID, statements: list[dict], **kwargs) -> None:
    with transaction.atomic():
        statements_apply(registration=registration, statements=statements)


def statements_apply(*, registration: uuid.UUID, statements: list[dict]) -> Attempt | None:
    """Moves an attempt's results with statements its content stored (already validated)."""
    attempt = (
        Attempt.objects.select_for_update()
        .select_related("version", "user")
        .filter(registration=registration, version__kind__in=XAPI_KINDS, is_preview=False)
        .first()
    )
    if attempt is None:
        return None
    handler = _handler(attempt)
    items = {
        item_activity_id(attempt, item): item for item in attempt.version.items.filter(is_launchable=True)
    }
    session_id = None
    for statement in sorted(statements, key=lambda s: s.get("timestamp") or ""):
        target = statement.get("object") or {}
        item = items.get(target.get("id")) if target.get("objectType", "Activity") == "Activity" else None
        if item is None or not handler.counts(statement):
            continue
        entry = attempt.state.setdefault(item.identifier, {})
        handler.fold(entry.setdefault("result", {}), statement, item.data or {})
        extensions = (statement.get("context") or {}).get("extensions") or {}
        session_id = extensions.get(cmi5.EXT_SESSION) or session_id
        if statement["verb"]["id"] == TERMINATED:
            duration = (statement.get("result") or {}).get("duration")
            if duration:
                entry["seconds"] = int(entry.get("seconds", 0)) + seconds(duration)
            _close_session(attempt, session_id)
    if handler.lms_statements:
        cmi5.satisfaction_record(attempt=attempt, session_id=str(session_id or uuid.uuid4()))
    _settle(attempt)
    return attempt


def _close_session(attempt: Attempt, session_id: str | None) -> None:
    if not session_id:
        return
    try:
        key = uuid.UUID(str(session_id))
    except ValueError:
        return
    attempt.launch_sessions.filter(session_id=key, terminated_at__isnull=True).update(
        terminated_at=timezone.now()
    )


def xapi_item_done(attempt: Attempt, item: ContentItem) -> bool:
    """Whether the item counts as done (cmi5: its moveOn is met; others: completed or passed)."""
    return _handler(attempt).item_done(item.data or {}, attempt.state.get(item.identifier) or {})


def _settle(attempt: Attempt) -> None:
    """The package's result from its items', saved and sent to courses (where results only improve)."""
    handler = _handler(attempt)
    launchable = list(attempt.version.items.filter(is_launchable=True))
    results = [
        handler.map_result((attempt.state.get(item.identifier) or {}).get("result") or {})
        for item in launchable
    ]
    scores = [r.score for r in results if r.score is not None]
    verdicts = [r.passed for r in results if r.passed is not None]
    completed = bool(launchable) and all(xapi_item_done(attempt, item) for item in launchable)
    passed = None if not verdicts else all(verdicts)
    score = Decimal(str(round(sum(scores) / len(scores), 2))) if scores else None
    attempt.completed = attempt.completed or completed
    attempt.passed = passed if passed is not None else attempt.passed
    attempt.score = score if score is not None else attempt.score
    attempt.total_seconds = sum(
        int((attempt.state.get(i.identifier) or {}).get("seconds", 0)) for i in launchable
    )
    attempt.updated_at = timezone.now()
    attempt.save()
    try:
        activity_result_record(
            user_id=attempt.user_id,
            activity_id=attempt.activity_id,
            score=score,
            completed=completed or None,
            passed=passed,
        )
    except CoursesError:
        # Not enrolled (an instructor trying the package): the attempt is kept all the same.
        logger.info("Attempt %s: no enrolment to record a result in", attempt.pk)
