"""Use cases of the runtime: opening an attempt, storing a commit, resetting an attempt.

A commit is stored once per (attempt, sequence); it changes the attempt's state only when it is
newer than what the attempt holds for that item, so a commit that was queued offline and arrives
after a newer one is kept for the record and changes nothing. Results only improve in courses.
"""

import logging
import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from content.handlers import handler_for
from content.handlers.data import ResultData
from content.lrs.services import statement_record
from content.lrs.validation import XapiValidationError
from content.packages.models import ContentPackage
from courses.api import CoursesError, activity_result_record
from lms.api import display_name

from .models import Attempt, RuntimeCommit
from .timing import iso_duration, seconds
from .tracking import sequencing_summary, sequencing_track

logger = logging.getLogger(__name__)

# Keys of the CMI that a commit may carry; anything else (a script's invention) is dropped.
MAX_CMI_KEYS = 5000
MAX_VALUE_CHARS = 64_000
# Sequence and session numbers are stored as positive 32-bit integers (PositiveIntegerField).
MAX_NUMBER = 2**31 - 1
VERBS = {
    "initialized": "http://adlnet.gov/expapi/verbs/initialized",
    "progressed": "http://adlnet.gov/expapi/verbs/progressed",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
    "terminated": "http://adlnet.gov/expapi/verbs/terminated",
}


class CommitRefused(ValueError):
    """A commit that cannot be stored (unknown item, malformed data)."""


class CommitBusy(Exception):
    """The same commit is being stored by another request: the sender should try again."""


def actor_for(user) -> dict:
    """The xAPI agent of a Tadrib user: an account on the site, never an e-mail address."""
    return {
        "objectType": "Agent",
        "name": display_name(user=user, script="latin"),
        "account": {"homePage": settings.SITE_URL, "name": str(user.pk)},
    }


def activity_iri(attempt: Attempt, item_identifier: str = "") -> str:
    base = f"{settings.SITE_URL.rstrip('/')}/play/package/{attempt.version.package_id}/"
    return base + quote(item_identifier, safe="") if item_identifier else base


def attempt_open(*, user, activity) -> Attempt:
    """The trainee's current attempt at the activity's package (a new one if none), for a new session.

    Two opens at once (a double tap) meet at the database's constraint: one creates the attempt,
    the other finds it. Raises ``ContentPackage.DoesNotExist`` when the activity has no playable
    package.
    """
    package = ContentPackage.objects.filter(activity=activity).order_by("-updated_at").first()
    version = package.current_version if package else None
    if version is None:
        raise ContentPackage.DoesNotExist
    try:
        return _attempt_open(user=user, activity=activity, package=package, version=version)
    except IntegrityError:
        # The other open created it between our look and our insert: it is committed now.
        return _attempt_open(user=user, activity=activity, package=package, version=version)


@transaction.atomic
def _attempt_open(*, user, activity, package: ContentPackage, version) -> Attempt:
    attempt = (
        Attempt.objects.select_for_update()
        .filter(user=user, activity=activity, package=package, is_reset=False, is_preview=False)
        .order_by("-pk")
        .first()
    )
    if attempt is None:
        attempt = Attempt.objects.create(user=user, activity=activity, package=package, version=version)
    attempt.sessions += 1
    attempt.updated_at = timezone.now()
    attempt.save(update_fields=["sessions", "updated_at"])
    return attempt


@transaction.atomic
def preview_open(*, user, package: ContentPackage) -> Attempt:
    """A fresh preview of the package's newest version; the user's earlier previews are deleted.

    A preview keeps nothing the content sends (commits and statements are acknowledged and
    dropped) and reaches no course result. Raises ``ContentPackage.DoesNotExist`` without a version.
    """
    version = package.current_version
    if version is None:
        raise ContentPackage.DoesNotExist
    Attempt.objects.filter(user=user, version__package=package, is_preview=True).delete()
    return Attempt.objects.create(
        user=user, version=version, package=package, activity=package.activity, is_preview=True, sessions=1
    )


@transaction.atomic
def attempt_reset(*, attempt: Attempt) -> Attempt:
    """Sets the attempt aside: the trainee's next launch starts afresh (results already recorded stay)."""
    attempt.is_reset = True
    attempt.updated_at = timezone.now()
    attempt.save(update_fields=["is_reset", "updated_at"])
    return attempt


def _storable(text: str) -> bool:
    """Whether both databases can keep the text: no NUL (PostgreSQL refuses it in text and JSON)
    and no lone surrogate (neither can encode it)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _clean_cmi(cmi: Any) -> dict[str, str]:
    if not isinstance(cmi, Mapping) or len(cmi) > MAX_CMI_KEYS:
        raise CommitRefused("cmi must be an object of CMI elements.")
    clean: dict[str, str] = {}
    for key, value in cmi.items():
        if not isinstance(key, str) or not (key.startswith("cmi.") or key.startswith("adl.")):
            continue
        if isinstance(value, (dict, list)):
            continue
        text = ("" if value is None else str(value))[:MAX_VALUE_CHARS]
        if not (_storable(key) and _storable(text)):
            raise CommitRefused("CMI elements may not hold NUL characters or unpaired surrogates.")
        clean[key] = text
    return clean


def _number(value: Any, name: str, *, minimum: int) -> int:
    """A sequence or session number: a whole number the database can store, never a boolean."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 10:
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not minimum <= value <= MAX_NUMBER:
        raise CommitRefused(f"{name} must be a whole number from {minimum} to {MAX_NUMBER}.")
    return value


def runtime_commit(
    *,
    attempt: Attempt,
    sequence: Any,
    item_identifier: str,
    cmi: Mapping[str, Any],
    session: Any = 0,
    is_terminate: bool = False,
) -> RuntimeCommit:
    """Stores one commit of the player, once; applies it if it is the newest for its item.

    Sending the same sequence again returns the stored commit and changes nothing. The sequence
    must be a whole number (not a numeric string); the session may be one or be missing.
    """
    if isinstance(sequence, str):
        raise CommitRefused("sequence must be a positive whole number.")
    sequence = _number(sequence, "sequence", minimum=1)
    session = _number(session or 0, "session", minimum=0)
    launchable = set(attempt.version.items.filter(is_launchable=True).values_list("identifier", flat=True))
    if item_identifier not in launchable:
        raise CommitRefused("No such item in this package.")
    clean = _clean_cmi(cmi)
    if attempt.is_preview:
        # Acknowledged as stored, kept nowhere.
        return RuntimeCommit(attempt=attempt, sequence=sequence, item_identifier=item_identifier, cmi=clean)
    existing = RuntimeCommit.objects.filter(attempt=attempt, sequence=sequence).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return _store(attempt.pk, sequence, item_identifier, clean, session, is_terminate)
    except IntegrityError:
        # The same sequence arrived twice at once (a retry racing the original): keep the first.
        stored = RuntimeCommit.objects.filter(attempt=attempt, sequence=sequence).first()
        if stored is None:
            raise CommitBusy from None
        return stored


def _store(
    attempt_id: int, sequence: int, item: str, cmi: dict, session: int, is_terminate: bool
) -> RuntimeCommit:
    attempt = Attempt.objects.select_for_update().select_related("version").get(pk=attempt_id)
    state = dict(attempt.state)
    held = state.get(item) or {}
    newer = sequence > int(held.get("sequence", 0))
    commit = RuntimeCommit.objects.create(
        attempt=attempt,
        sequence=sequence,
        session=session,
        item_identifier=item,
        cmi=cmi,
        is_terminate=is_terminate,
        applied=newer,
    )
    item_seconds = _item_seconds(attempt, item)
    if newer:
        state[item] = {"sequence": sequence, "session": session, "cmi": cmi, "seconds": item_seconds}
    elif held:
        state[item] = {**held, "seconds": item_seconds}
    attempt.state = state
    if newer:
        sequencing_track(attempt=attempt, item=item, cmi=cmi, sequence=sequence)
    attempt.last_sequence = max(attempt.last_sequence, sequence)
    attempt.total_seconds = sum(int(entry.get("seconds", 0)) for entry in state.values())
    rollup = rollup_result(attempt)
    attempt.completed = attempt.completed or bool(rollup.completed)
    if rollup.passed is not None:
        attempt.passed = rollup.passed
    if rollup.score is not None:
        attempt.score = Decimal(str(round(rollup.score, 2)))
    attempt.updated_at = timezone.now()
    attempt.save()
    _report(attempt, commit, rollup)
    return commit


def _item_seconds(attempt: Attempt, item: str) -> int:
    """Time in the item: the longest session time seen in each session, added up."""
    longest: dict[int, int] = {}
    key_12, key_2004 = "cmi.core.session_time", "cmi.session_time"
    for session, cmi in RuntimeCommit.objects.filter(attempt=attempt, item_identifier=item).values_list(
        "session", "cmi"
    ):
        value = seconds(cmi.get(key_12) or cmi.get(key_2004))
        longest[session] = max(longest.get(session, 0), value)
    return sum(longest.values())


def item_result(attempt: Attempt, item: str) -> ResultData:
    entry = attempt.state.get(item)
    if not entry:
        return ResultData()
    handler = handler_for(attempt.version.kind)
    return handler.map_result(entry.get(handler.state_key) or {})


def rollup_result(attempt: Attempt) -> ResultData:
    """The package's result from its SCOs': completed when all are, passed when all are, mean score.

    A SCORM 2004 package's completion and success are its sequencing rollup's (the course's own
    rules), its score the rolled-up measure when the package weighs one.
    """
    items = list(attempt.version.items.filter(is_launchable=True).values_list("identifier", flat=True))
    results = [item_result(attempt, item) for item in items]
    if not results:
        return ResultData()
    scores = [r.score for r in results if r.score is not None]
    course = sequencing_summary(attempt)
    if course is not None:
        measure = course["measure"]
        return ResultData(
            completed=course["completed"] or None,
            passed=course["passed"],
            score=max(0.0, measure * 100)
            if measure is not None
            else (sum(scores) / len(scores) if scores else None),
        )
    passed: bool | None = None
    if any(r.passed is False for r in results):
        passed = False
    elif all(r.passed for r in results):
        passed = True
    return ResultData(
        completed=all(r.completed for r in results) or None,
        passed=passed,
        score=sum(scores) / len(scores) if scores else None,
    )


def attempt_result_refresh(*, attempt: Attempt) -> None:
    """The attempt's result again from its state (after sequencing ended parts without a commit)."""
    rollup = rollup_result(attempt)
    attempt.completed = attempt.completed or bool(rollup.completed)
    if rollup.passed is not None:
        attempt.passed = rollup.passed
    if rollup.score is not None:
        attempt.score = Decimal(str(round(rollup.score, 2)))
    attempt.save(update_fields=["completed", "passed", "score"])
    _record_result(attempt, rollup)


def _record_result(attempt: Attempt, rollup: ResultData) -> None:
    try:
        activity_result_record(
            user_id=attempt.user_id,
            activity_id=attempt.activity_id,
            score=None if rollup.score is None else Decimal(str(round(rollup.score, 2))),
            completed=rollup.completed,
            passed=rollup.passed,
        )
    except CoursesError:
        # Not enrolled (an instructor trying the package): the runtime data is kept all the same.
        logger.info("Attempt %s: no enrolment to record a result in", attempt.pk)


def _report(attempt: Attempt, commit: RuntimeCommit, rollup: ResultData) -> None:
    """The result to courses, and the commit as a statement in the LRS."""
    _record_result(attempt, rollup)
    result = handler_for(attempt.version.kind).map_result(commit.cmi)
    if commit.is_terminate:
        verb = "terminated"
    elif result.passed is not None:
        verb = "passed" if result.passed else "failed"
    elif result.completed:
        verb = "completed"
    elif commit.sequence == 1:
        verb = "initialized"
    else:
        verb = "progressed"
    statement: dict[str, Any] = {
        "id": str(uuid.uuid5(attempt.registration, f"commit-{commit.sequence}")),
        "actor": actor_for(attempt.user),
        "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
        "object": {
            "objectType": "Activity",
            "id": activity_iri(attempt, commit.item_identifier),
            "definition": {"type": "http://adlnet.gov/expapi/activities/lesson"},
        },
        "context": {
            "registration": str(attempt.registration),
            "contextActivities": {"parent": [{"id": activity_iri(attempt)}]},
        },
        "timestamp": commit.received_at.isoformat(),
    }
    outcome: dict[str, Any] = {"duration": iso_duration(_item_seconds(attempt, commit.item_identifier))}
    if result.score is not None:
        outcome["score"] = {"scaled": round(result.score / 100, 4)}
    if result.completed is not None:
        outcome["completion"] = result.completed
    if result.passed is not None:
        outcome["success"] = result.passed
    statement["result"] = outcome
    try:
        statement_record(statement=statement)
    except XapiValidationError:
        logger.exception("Attempt %s: commit %s not recorded as a statement", attempt.pk, commit.sequence)
