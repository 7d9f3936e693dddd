"""What cmi5 asks of the LMS itself in a registration (cmi5 8–11), beyond hearing statements.

Before a launch: abandon any session still open, write ``LMS.LaunchData`` and the learner's
preferences, record "launched". After statements (or a launch, or a waiver): record "satisfied"
for each block whose AUs all meet their moveOn, and for the course (9.3.9), once per registration.
The generic xAPI runtime (``content.runtime.xapi``) calls these when the package's handler says
the format gives the LMS such duties (``lms_statements``).
"""

import json
import logging
import re
import secrets
import uuid
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from content.handlers import handler_for
from content.handlers.cmi5 import Cmi5Handler
from content.lrs.auth import sha256
from content.lrs.services import DocumentKey, document_save, launch_tokens_expire, statement_record
from content.lrs.validation import XapiValidationError, agent_ifi
from content.packages.models import ContentItem

from .models import Attempt, LaunchSession
from .services import activity_iri, actor_for
from .structure import item_tree
from .timing import iso_duration

logger = logging.getLogger(__name__)

FETCH_CODE_LIFETIME = timedelta(minutes=10)

ADL = "http://adlnet.gov/expapi/verbs/"
W3ID = "https://w3id.org/xapi/adl/verbs/"
LAUNCHED, SATISFIED, ABANDONED, WAIVED = (
    f"{ADL}launched",
    f"{W3ID}satisfied",
    f"{W3ID}abandoned",
    f"{W3ID}waived",
)
CMI5 = "https://w3id.org/xapi/cmi5/"
CATEGORY_CMI5 = f"{CMI5}context/categories/cmi5"
CATEGORY_MOVEON = f"{CMI5}context/categories/moveon"
EXT_SESSION = f"{CMI5}context/extensions/sessionid"
EXT_LAUNCH_MODE = f"{CMI5}context/extensions/launchmode"
EXT_LAUNCH_URL = f"{CMI5}context/extensions/launchurl"
EXT_MOVE_ON = f"{CMI5}context/extensions/moveon"
EXT_MASTERY = f"{CMI5}context/extensions/masteryscore"
EXT_LAUNCH_PARAMETERS = f"{CMI5}context/extensions/launchparameters"
EXT_REASON = f"{CMI5}result/extensions/reason"
TYPE_BLOCK, TYPE_COURSE = f"{CMI5}activitytype/block", f"{CMI5}activitytype/course"
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
# What a cmi5 AU reads to speak the learner's language (cmi5 11.0), by Tadrib language.
LANGUAGE_PREFERENCES = {"ar": "ar-IQ,ar,en-US", "ckb": "ckb-IQ,ckb,ar-IQ,en-US", "en": "en-GB,en-US"}


def _handler(attempt: Attempt) -> Cmi5Handler:
    handler = handler_for(attempt.version.kind)
    assert isinstance(handler, Cmi5Handler), attempt.version.kind
    return handler


def au_id(attempt: Attempt, item: ContentItem) -> str:
    return _handler(attempt).activity_id(package_iri=activity_iri(attempt), identifier=item.identifier)


def block_id(attempt: Attempt, identifier: str) -> str:
    return _handler(attempt).block_id(package_iri=activity_iri(attempt), identifier=identifier)


def course_id(attempt: Attempt) -> str:
    return _handler(attempt).course_id(package_iri=activity_iri(attempt))


def _tree(items: list[ContentItem]) -> list[dict[str, Any]]:
    return [node.as_tree() for node in item_tree(items)]


# --- Launch ---------------------------------------------------------------------------------------


def session_prepare(
    *,
    attempt: Attempt,
    item: ContentItem,
    session: LaunchSession,
    token: str,
    launch_url: str,
    return_url: str,
    language: str,
) -> str:
    """Everything due before the AU starts; returns the one-time fetch code handing out ``token``."""
    fetch_code = secrets.token_urlsafe(24)
    session.fetch_code_sha256 = sha256(fetch_code)
    session.fetch_token = token
    session.save(update_fields=["fetch_code_sha256", "fetch_token"])
    actor = actor_for(attempt.user)
    mode = "Browse" if attempt.is_preview else "Normal"
    _write_launch_data(attempt, item, session, actor, mode=mode, return_url=return_url, language=language)
    if not attempt.is_preview:
        _record(attempt, _launched(attempt, item, session, mode=mode, launch_url=launch_url))
        # AUs that need nothing (moveOn NotApplicable) are satisfied from the first launch (9.6.1).
        satisfaction_record(attempt=attempt, session_id=str(session.session_id))
    return fetch_code


def token_fetch(*, code: str) -> str | None:
    """The auth token a cmi5 fetch code hands out, once (cmi5 8.2); None when used or unknown."""
    with transaction.atomic():
        session = (
            LaunchSession.objects.select_for_update()
            .filter(fetch_code_sha256=sha256(code), fetched_at__isnull=True)
            .first()
        )
        if session is None or session.launched_at < timezone.now() - FETCH_CODE_LIFETIME:
            return None
        token = session.fetch_token
        session.fetch_token = ""
        session.fetched_at = timezone.now()
        session.save(update_fields=["fetch_token", "fetched_at"])
        return token


def _context_template(attempt: Attempt, item: ContentItem, session: LaunchSession) -> dict:
    return {
        "registration": str(attempt.registration),
        "contextActivities": {"grouping": [{"objectType": "Activity", "id": item.identifier}]},
        "extensions": {EXT_SESSION: str(session.session_id)},
    }


def _write_launch_data(
    attempt: Attempt,
    item: ContentItem,
    session: LaunchSession,
    actor: dict,
    *,
    mode: str,
    return_url: str,
    language: str,
) -> None:
    data = item.data or {}
    launch_data: dict[str, Any] = {
        "contextTemplate": _context_template(attempt, item, session),
        "launchMode": mode,
        "launchMethod": data.get("launchMethod") or "AnyWindow",
        "moveOn": data.get("moveOn") or "NotApplicable",
    }
    if return_url:
        launch_data["returnURL"] = return_url
    if data.get("masteryScore") is not None:
        launch_data["masteryScore"] = data["masteryScore"]
    if data.get("launchParameters"):
        launch_data["launchParameters"] = data["launchParameters"]
    if data.get("entitlementKey"):
        launch_data["entitlementKey"] = {"courseStructure": data["entitlementKey"]}
    ifi = agent_ifi(actor)
    document_save(
        key=DocumentKey(
            kind="state",
            activity_id=session.activity_id,
            agent_ifi=ifi,
            registration=str(attempt.registration).lower(),
        ),
        document_id="LMS.LaunchData",
        content=json.dumps(launch_data).encode(),
        content_type="application/json",
        merge=False,
    )
    preferences = {
        "languagePreference": LANGUAGE_PREFERENCES.get(language, LANGUAGE_PREFERENCES["ar"]),
        "audioPreference": "on",
    }
    document_save(
        key=DocumentKey(kind="agent_profile", agent_ifi=ifi),
        document_id="cmi5LearnerPreferences",
        content=json.dumps(preferences).encode(),
        content_type="application/json",
        merge=False,
    )


def _context(attempt: Attempt, publisher_id: str, session_id: str, *, moveon: bool = False) -> dict:
    """A cmi5 defined statement's context: registration, publisher id, category, session (9.6)."""
    categories = [{"objectType": "Activity", "id": CATEGORY_CMI5}]
    if moveon:
        categories.append({"objectType": "Activity", "id": CATEGORY_MOVEON})
    return {
        "registration": str(attempt.registration),
        "contextActivities": {
            "grouping": [{"objectType": "Activity", "id": publisher_id}],
            "category": categories,
        },
        "extensions": {EXT_SESSION: session_id},
    }


def _statement(attempt: Attempt, verb: str, name: str, obj: dict, context: dict, **more: Any) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "actor": actor_for(attempt.user),
        "verb": {"id": verb, "display": {"en-US": name}},
        "object": {"objectType": "Activity", **obj},
        "context": context,
        "timestamp": timezone.now().isoformat(),
        **more,
    }


def _launched(
    attempt: Attempt, item: ContentItem, session: LaunchSession, *, mode: str, launch_url: str
) -> dict:
    data = item.data or {}
    context = _context(attempt, item.identifier, str(session.session_id))
    context["extensions"].update(
        {
            EXT_LAUNCH_MODE: mode,
            EXT_LAUNCH_URL: launch_url,
            EXT_MOVE_ON: data.get("moveOn") or "NotApplicable",
        }
    )
    if data.get("masteryScore") is not None:
        context["extensions"][EXT_MASTERY] = data["masteryScore"]
    if data.get("launchParameters"):
        context["extensions"][EXT_LAUNCH_PARAMETERS] = data["launchParameters"]
    return _statement(attempt, LAUNCHED, "Launched", {"id": session.activity_id}, context)


def _record(attempt: Attempt, statement: dict) -> None:
    try:
        statement_record(statement=statement)
    except XapiValidationError:
        # A publisher id that is not an IRI cannot be named in a statement; the session goes on.
        logger.exception(
            "Attempt %s: the LMS's %s statement was refused", attempt.pk, statement["verb"]["id"]
        )


def sessions_abandon(*, attempt: Attempt) -> None:
    """A new launch in the registration abandons every session still open (cmi5 9.3.6)."""
    now = timezone.now()
    items = {item.identifier: item for item in attempt.version.items.all()}
    for session in attempt.launch_sessions.filter(terminated_at__isnull=True, abandoned_at__isnull=True):
        session.abandoned_at = now
        session.fetch_token = ""
        session.save(update_fields=["abandoned_at", "fetch_token"])
        launch_tokens_expire(registration=attempt.registration, activity_id=session.activity_id)
        item = items.get(session.item_identifier)
        if item is None:
            continue
        context = _context(attempt, item.identifier, str(session.session_id))
        duration = iso_duration(int((now - session.launched_at).total_seconds()))
        _record(
            attempt,
            _statement(
                attempt,
                ABANDONED,
                "Abandoned",
                {"id": session.activity_id},
                context,
                result={"duration": duration},
            ),
        )


def waiver_record(*, attempt: Attempt, item: ContentItem, reason: str) -> bool:
    """Marks the AU waived and records "waived" in a session of its own (9.3.7); False if it was."""
    entry = attempt.state.setdefault(item.identifier, {})
    if entry.get("waived"):
        return False
    entry["waived"] = reason
    session_id = str(uuid.uuid4())
    context = _context(attempt, item.identifier, session_id, moveon=True)
    result = {"success": True, "completion": True, "extensions": {EXT_REASON: reason}}
    obj = {"id": au_id(attempt, item)}
    _record(attempt, _statement(attempt, WAIVED, "Waived", obj, context, result=result))
    satisfaction_record(attempt=attempt, session_id=session_id)
    return True


# --- Satisfaction ---------------------------------------------------------------------------------


def au_satisfied(attempt: Attempt, item: ContentItem) -> bool:
    return _handler(attempt).item_done(item.data or {}, attempt.state.get(item.identifier) or {})


def blocks_satisfied(attempt: Attempt) -> set[str]:
    """The identifiers of the blocks satisfied, and "" when the course is."""
    items = list(attempt.version.items.all())
    by_id = {item.identifier: item for item in items}
    return set(_handler(attempt).satisfied(_tree(items), lambda au: au_satisfied(attempt, by_id[au])))


def satisfaction_record(*, attempt: Attempt, session_id: str) -> None:
    """One "satisfied" per block whose AUs all meet their moveOn, innermost first, then the course's.

    The object is the LMS's id for the block or course with its activity type; the context names
    the registration, the publisher's id (grouping), the cmi5 category and the session that
    triggered it (9.3.9, 9.6). Each is recorded once per registration.
    """
    handler = _handler(attempt)
    items = list(attempt.version.items.all())
    by_id = {item.identifier: item for item in items}
    done = attempt.state.setdefault("_satisfied", [])
    course_publisher = (attempt.version.manifest.get("identifier") or "").strip()
    for identifier in handler.satisfied(_tree(items), lambda au: au_satisfied(attempt, by_id[au])):
        if identifier:
            object_id, kind, publisher = block_id(attempt, identifier), TYPE_BLOCK, identifier
            names = (by_id[identifier].data or {}).get("title") or {}
        else:
            object_id, kind, publisher = course_id(attempt), TYPE_COURSE, course_publisher
            names = ((attempt.version.manifest.get("data") or {}).get("course") or {}).get("title") or {}
        if object_id in done:
            continue
        done.append(object_id)
        context = _context(attempt, publisher, session_id)
        definition: dict[str, Any] = {"type": kind}
        # The titles of the course structure, where their languages are tags xAPI accepts.
        names = {lang: name for lang, name in names.items() if LANGUAGE_TAG.fullmatch(lang)}
        if names:
            definition["name"] = names
        obj = {"id": object_id, "definition": definition}
        _record(attempt, _statement(attempt, SATISFIED, "Satisfied", obj, context))
