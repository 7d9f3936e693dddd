"""The LRS's write side: storing statements, documents, credentials and launch tokens.

Every function here is a use case, keyword-only and atomic; views, the admin, Celery tasks and
other apps (through ``content.api``) call these and nothing below them.
"""

import hashlib
import json
import secrets
import uuid
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from .auth import Credential, sha256, system_authority
from .cache import DESTINATIONS_KEY, cached, forget
from .canonical import format_timestamp, object_type, related_ids, same_statement
from .conf import setting
from .errors import BadRequest, Conflict, Forbidden, PreconditionFailed
from .jsonio import JsonRefused, dumps, loads
from .metrics import STATEMENTS_STORED
from .models import (
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
from .signals import launch_statements_stored
from .signatures import check_signature
from .validation import SIGNATURE_USAGE, VOIDED_VERB, agent_ifi, check_agent, check_statement
from .versions import V1, default_statement_version


@dataclass(frozen=True)
class AttachmentPart:
    """One part of a multipart/mixed request, its hash already checked against its content."""

    content_type: str
    content: bytes


# --- Statements -----------------------------------------------------------------------------


def statements_store(
    *,
    statements: list[dict],
    credential: Credential,
    parts: dict[str, AttachmentPart] | None = None,
    put_id: str | None = None,
    version: str = V1,
) -> list[str]:
    """Validates and stores a batch of statements, all or none; returns their ids in order.

    Statements already stored with the same id and content are not stored again; the same id with
    other content is a conflict (409). ``put_id`` is the ``statementId`` of a PUT; ``version``
    the xAPI version the request speaks (ADR 0020).
    """
    parts = parts or {}
    if not credential.can_write:
        raise Forbidden("These credentials may not write statements.")
    now = timezone.now()
    stored = format_timestamp(now)
    ids: list[str] = []
    fresh: list[dict] = []
    referenced: set[str] = set()
    for index, statement in enumerate(statements):
        check_statement(statement, f"statements[{index}]" if put_id is None else "statement", version=version)
        if put_id is not None and statement.get("id", put_id).lower() != put_id.lower():
            raise BadRequest("The statement's id differs from the statementId parameter.")
        _check_scope(statement, credential)
        referenced |= _check_attachments(statement, parts)
        incoming = dict(statement)
        _context_activities_as_arrays(incoming)
        incoming["id"] = str(uuid.UUID(statement.get("id") or put_id or str(uuid.uuid4())))
        incoming.setdefault("version", default_statement_version(version))
        ids.append(incoming["id"])
        fresh.append(incoming)
    if set(parts) - referenced:
        raise BadRequest("An attachment part is not declared by any statement.")
    if len(set(ids)) != len(ids):
        raise BadRequest("A statement id appears twice in the batch.")
    if credential.is_preview or not fresh:
        # An instructor's preview: the content is told its statements were stored; none is kept.
        # An empty batch (a POST of []) has nothing to keep.
        return ids

    # Insert first: almost every id is new, so looking for stored ones before each insert was a
    # round trip spent for nothing. A unique-key conflict (a client's retry, or a concurrent
    # request) rolls the whole attempt back and the batch is stored again, comparing each id
    # already stored: the same content is skipped (204/no-op), other content is a 409 and
    # nothing of the batch is stored.
    try:
        _insert(fresh, credential=credential, stored=stored, now=now, parts=parts)
    except IntegrityError:
        # A destination deleted since it was cached (its FK fails) is read again, too.
        forget(DESTINATIONS_KEY)
        _store_new_ones(fresh, credential=credential, stored=stored, now=now, parts=parts)
    if credential.registration is not None:
        launch_statements_stored.send(
            sender=Statement, registration=credential.registration, statements=fresh
        )
    return ids


def _store_new_ones(
    fresh: list[dict], *, credential: Credential, stored: str, now: datetime, parts: dict
) -> None:
    """Stores the statements whose ids are not stored yet; a stored id must have the same content."""
    with transaction.atomic():
        existing = {
            str(row.statement_id): row.data
            for row in Statement.objects.filter(statement_id__in=[s["id"] for s in fresh]).only(
                "statement_id", "data"
            )
        }
        to_store = []
        for incoming in fresh:
            if incoming["id"] in existing:
                if not same_statement(existing[incoming["id"]], incoming):
                    raise Conflict(f"Statement {incoming['id']} is already stored with other content.")
                continue
            to_store.append(incoming)
        if to_store:
            _insert(to_store, credential=credential, stored=stored, now=now, parts=parts)


def statement_record(*, statement: dict, authority: dict | None = None) -> str:
    """Records one statement Tadrib makes about itself, in the caller's transaction.

    Call it inside the transaction that writes the fact the statement describes (attendance, a
    quiz answer, a certificate issued): both are kept, or neither.
    """
    credential = Credential(authority=authority or system_authority())
    return statements_store(statements=[statement], credential=credential)[0]


def _check_scope(statement: dict, credential: Credential) -> None:
    """A launch token writes only its learner's statements, in its registration."""
    if credential.learner_ifi is None:
        return
    if statement["verb"]["id"] == VOIDED_VERB:
        # cmi5 6.3: content may not void statements (not even its own).
        raise Forbidden("This launch token may not void statements.")
    if agent_ifi(statement["actor"]) != credential.learner_ifi:
        raise Forbidden("This launch token may only record statements about its learner.")
    registration = statement.get("context", {}).get("registration")
    if registration is None or uuid.UUID(registration) != credential.registration:
        raise Forbidden("This launch token may only record statements in its registration.")


def _check_attachments(statement: dict, parts: dict[str, AttachmentPart]) -> set[str]:
    """Each attachment without a fileUrl needs its part; signatures must sign this statement."""
    used = set()
    for attachment in _all_attachments(statement):
        sha2 = attachment["sha2"]
        part = parts.get(sha2)
        if part is None:
            if "fileUrl" not in attachment:
                raise BadRequest(f"Attachment {sha2} has neither a part in the request nor a fileUrl.")
            continue
        used.add(sha2)
        if attachment["usageType"] == SIGNATURE_USAGE:
            if attachment["contentType"] != "application/octet-stream":
                raise BadRequest("A signature attachment's contentType must be application/octet-stream.")
            check_signature(part.content, statement)
    return used


def _all_attachments(statement: dict) -> list[dict]:
    found = list(statement.get("attachments", ()))
    obj = statement["object"]
    if object_type(obj) == "SubStatement":
        found.extend(obj.get("attachments", ()))
    return found


def _insert(
    statements: list[dict], *, credential: Credential, stored: str, now: datetime, parts: dict
) -> None:
    from .validation import parse_timestamp

    rows = []
    agent_rows: list[tuple[int, str]] = []
    activity_rows: list[tuple[int, str]] = []
    definitions: dict[str, dict] = {}
    voided_targets: list[str] = []
    for position, incoming in enumerate(statements):
        # A copy: the caller compares the statements as sent if this insert has to be retried.
        statement = dict(incoming)
        statement["stored"] = stored
        statement["authority"] = credential.authority
        statement.setdefault("timestamp", stored)
        obj = statement["object"]
        kind = object_type(obj)
        actor_ifi = agent_ifi(statement["actor"]) or ""
        object_agent = agent_ifi(obj) if kind in ("Agent", "Group") else None
        object_activity = obj["id"] if kind == "Activity" else ""
        registration = statement.get("context", {}).get("registration")
        agents, activities = related_ids(statement)
        # The actor, object and a client's authority are found through columns; the rest in rows.
        if credential.client_id is not None:
            agents.discard(agent_ifi(credential.authority))
        agents.discard(actor_ifi)
        agents.discard(object_agent)
        activities.discard(object_activity)
        agent_rows.extend((position, ifi) for ifi in agents)
        activity_rows.extend((position, activity) for activity in activities)
        for activity in _activities_with_definitions(statement):
            definitions[activity["id"]] = _merge_definition(
                definitions.get(activity["id"]), activity["definition"]
            )
        if statement["verb"]["id"] == VOIDED_VERB:
            voided_targets.append(obj["id"])
        rows.append(
            Statement(
                statement_id=statement["id"],
                data=statement,
                stored=now,
                timestamp=parse_timestamp(statement["timestamp"], "timestamp"),
                actor_ifi=actor_ifi,
                verb_id=statement["verb"]["id"],
                object_activity_id=object_activity,
                object_agent_ifi=object_agent or "",
                object_statement_id=obj["id"] if kind == "StatementRef" else None,
                registration=registration,
                client_id=credential.client_id,
            )
        )
    entries = _outbox_entries(rows)
    # On PostgreSQL the statements and the definitions are one SQL statement, atomic by itself;
    # a transaction (two more round trips, BEGIN and COMMIT) is opened only when more rows are
    # written, and inside the caller's transaction (a savepoint, so a conflict can be recovered).
    more = agent_rows or activity_rows or parts or voided_targets or entries
    one_statement = connection.vendor == "postgresql" and not more and not connection.in_atomic_block
    with nullcontext() if one_statement else transaction.atomic():
        _write_rest(
            _insert_statements(rows, definitions, now=now),
            agent_rows=agent_rows,
            activity_rows=activity_rows,
            parts=parts,
            voided_targets=voided_targets,
            entries=entries,
        )
    # Counted once the rows are committed: a rolled-back batch (a conflict, a retry) adds nothing.
    transaction.on_commit(partial(STATEMENTS_STORED.inc, len(rows)))


def _write_rest(
    created: list[Statement],
    *,
    agent_rows: list[tuple[int, str]],
    activity_rows: list[tuple[int, str]],
    parts: dict,
    voided_targets: list[str],
    entries: list[tuple[int, int]],
) -> None:
    """What a statement brings beside its row: related agents and activities, attachments,
    voiding, forwarding."""
    if agent_rows:
        StatementAgent.objects.bulk_create(
            StatementAgent(statement=created[position], ifi=ifi) for position, ifi in agent_rows
        )
    if activity_rows:
        StatementActivity.objects.bulk_create(
            StatementActivity(statement=created[position], activity_id=activity)
            for position, activity in activity_rows
        )
    if parts:
        Attachment.objects.bulk_create(
            [
                Attachment(sha2=sha2, content_type=part.content_type, content=part.content)
                for sha2, part in parts.items()
            ],
            ignore_conflicts=True,
        )
    if voided_targets:
        # A voiding statement cannot itself be voided (Data 2.3.2).
        Statement.objects.filter(statement_id__in=voided_targets).exclude(verb_id=VOIDED_VERB).update(
            voided=True
        )
    if entries:
        _enqueue_forwarding(created, entries)


# The statements of a request in one INSERT on PostgreSQL, all passed as a single JSON array.
# Django's bulk_create spent most of a POST of 100 in the driver: binding 1,200 placeholders
# (psycopg parses such a long query anew each time) or, with Django 5.2's UNNEST of one array per
# column, escaping each statement's JSON inside a jsonb[] literal with regular expressions. One
# orjson-encoded parameter costs a fraction of a millisecond, and PostgreSQL parses it once.
_INSERT_STATEMENTS_SQL = """
INSERT INTO content_statement (statement_id, data, stored, timestamp, actor_ifi, verb_id,
    object_activity_id, object_agent_ifi, object_statement_id, registration, voided, client_id)
SELECT (r->>'statement_id')::uuid, r->'data', (r->>'stored')::timestamptz,
    (r->>'timestamp')::timestamptz, r->>'actor_ifi', r->>'verb_id', r->>'object_activity_id',
    r->>'object_agent_ifi', (r->>'object_statement_id')::uuid, (r->>'registration')::uuid, false,
    (r->>'client_id')::bigint
FROM jsonb_array_elements(%s::jsonb) WITH ORDINALITY AS t(r, n) ORDER BY n
RETURNING id, statement_id
"""


def _insert_statements(
    rows: list[Statement], definitions: dict[str, dict], *, now: datetime
) -> list[Statement]:
    """Inserts the rows (setting their primary keys) and merges the activities' definitions."""
    if connection.vendor != "postgresql":
        created = Statement.objects.bulk_create(rows)
        if definitions:
            _save_definitions(definitions, now=now)
        return created
    payload = [
        {
            "statement_id": str(row.statement_id),
            "data": row.data,
            "stored": row.stored.isoformat(),
            "timestamp": row.timestamp.isoformat(),
            "actor_ifi": row.actor_ifi,
            "verb_id": row.verb_id,
            "object_activity_id": row.object_activity_id,
            "object_agent_ifi": row.object_agent_ifi,
            "object_statement_id": row.object_statement_id and str(row.object_statement_id),
            "registration": row.registration and str(row.registration),
            "client_id": row.client_id,
        }
        for row in rows
    ]
    sql, params = _INSERT_STATEMENTS_SQL, [dumps(payload).decode()]
    if definitions:
        # The definitions' upsert as a data-modifying WITH: still one statement, one round trip.
        sql = f"WITH definitions AS ({_SAVE_DEFINITIONS_SQL}) {sql}"
        params = [now, dumps(definitions).decode(), *params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        pks = {str(statement_id): pk for pk, statement_id in cursor.fetchall()}
    for row in rows:
        row.pk = pks[str(row.statement_id)]
        row._state.adding = False
    return rows


def _context_activities_as_arrays(statement: dict) -> None:
    """Data 2.4.6.2: a single context activity is returned as an array of one."""
    for part in (statement, statement["object"]):
        activities = part.get("context", {}).get("contextActivities")
        if activities:
            for key, items in list(activities.items()):
                if not isinstance(items, list):
                    activities[key] = [items]


def _merge_definition(old: dict | None, new: dict) -> dict:
    """The canonical definition: the newest one, its language maps merged into the older ones."""
    result = dict(old or {})
    for key, value in new.items():
        if key in ("name", "description") and isinstance(result.get(key), dict):
            result[key] = {**result[key], **value}
        else:
            result[key] = value
    return result


def _merge_definitions(definitions: dict[str, dict]) -> dict[str, dict]:
    stored = dict(
        Activity.objects.filter(activity_id__in=definitions).values_list("activity_id", "definition")
    )
    return {key: _merge_definition(stored.get(key), value) for key, value in definitions.items()}


# _merge_definition in SQL, for one INSERT … ON CONFLICT DO UPDATE on PostgreSQL: the new
# definition over the old one (jsonb ||), the name and description maps merged key by key.
_MERGED_SQL = "a.definition || EXCLUDED.definition" + "".join(
    f" || CASE WHEN jsonb_typeof(a.definition->'{key}') = 'object' AND EXCLUDED.definition ? '{key}'"
    f" THEN jsonb_build_object('{key}', (a.definition->'{key}') || (EXCLUDED.definition->'{key}'))"
    " ELSE '{}'::jsonb END"
    for key in ("name", "description")
)


# One round trip instead of a read and an upsert, and the merge is atomic under concurrent
# writers; the definitions travel as one JSON object (see _INSERT_STATEMENTS_SQL), in key order
# (no deadlock between concurrent batches). An unchanged definition (the usual case) is not
# rewritten: no new row version.
_SAVE_DEFINITIONS_SQL = f"""
INSERT INTO content_activity AS a (activity_id, definition, updated)
SELECT e.key, e.value, %s FROM jsonb_each(%s::jsonb) AS e ORDER BY e.key
ON CONFLICT (activity_id) DO UPDATE SET definition = {_MERGED_SQL}, updated = EXCLUDED.updated
WHERE a.definition IS DISTINCT FROM ({_MERGED_SQL})
"""  # noqa: S608 — constants only; the values are parameters


def _save_definitions(definitions: dict[str, dict], *, now: datetime) -> None:
    """Merges the activities' definitions into the canonical ones (Activities resource), on
    databases other than PostgreSQL (there: _SAVE_DEFINITIONS_SQL).

    Sorted, so that concurrent batches lock the same activities in the same order (no deadlock).
    """
    merged = _merge_definitions(definitions)
    Activity.objects.bulk_create(
        [Activity(activity_id=key, definition=merged[key], updated=now) for key in sorted(definitions)],
        update_conflicts=True,
        unique_fields=["activity_id"],
        update_fields=["definition", "updated"],
    )


def _activities_with_definitions(statement: dict) -> list[dict]:
    found = []
    obj = statement["object"]
    if object_type(obj) == "Activity" and "definition" in obj:
        found.append(obj)
    for items in statement.get("context", {}).get("contextActivities", {}).values():
        for activity in items if isinstance(items, list) else [items]:
            if "definition" in activity:
                found.append(activity)
    return found


def _active_destinations() -> list[ForwardingDestination]:
    """The active destinations' filters (no credentials), cached: a round trip fewer per POST."""
    rows = ForwardingDestination.objects.filter(is_active=True).values_list(
        "pk", "verb_ids", "activity_prefix"
    )
    return [(pk, verb_ids, prefix) for pk, verb_ids, prefix in rows]


def _outbox_entries(rows: list[Statement]) -> list[tuple[int, int]]:
    """(position of the statement, destination) for each destination that takes the statement."""
    destinations = [
        ForwardingDestination(pk=pk, verb_ids=verb_ids, activity_prefix=prefix)
        for pk, verb_ids, prefix in cached(DESTINATIONS_KEY, _active_destinations)
    ]
    return [
        (position, destination.pk)
        for position, row in enumerate(rows)
        for destination in destinations
        if destination.accepts(verb_id=row.verb_id, object_activity_id=row.object_activity_id)
    ]


def _enqueue_forwarding(created: list[Statement], entries: list[tuple[int, int]]) -> None:
    OutboxEntry.objects.bulk_create(
        OutboxEntry(destination_id=destination_id, statement=created[position])
        for position, destination_id in entries
    )
    from content.tasks import lrs_forward

    for destination_id in {destination_id for _, destination_id in entries}:
        transaction.on_commit(lambda pk=destination_id: lrs_forward.delay(destination_id=pk))


# --- Documents (State, Activity Profile, Agent Profile) ---------------------------------------


@dataclass(frozen=True)
class DocumentKey:
    kind: str
    activity_id: str = ""
    agent_ifi: str = ""
    registration: str = ""

    def filter(self) -> dict:
        return {
            "kind": self.kind,
            "activity_id": self.activity_id,
            "agent_ifi": self.agent_ifi,
            "registration": self.registration,
        }


def _etag(content: bytes) -> str:
    return hashlib.sha1(content, usedforsecurity=False).hexdigest()


def _check_preconditions(
    document: Document | None, *, if_match: str | None, if_none_match: str | None
) -> None:
    """If-Match and If-None-Match (xAPI 1.0.3, Communication 3.1), answered 412 when they fail."""
    if if_match is not None:
        wanted = {tag.strip().strip('"') for tag in if_match.split(",")}
        if document is None or ("*" not in wanted and document.etag not in wanted):
            raise PreconditionFailed("The document does not match If-Match.")
    if if_none_match is not None:
        unwanted = {tag.strip().strip('"') for tag in if_none_match.split(",")}
        if document is not None and ("*" in unwanted or document.etag in unwanted):
            raise PreconditionFailed("The document matches If-None-Match.")


def document_save(
    *,
    key: DocumentKey,
    document_id: str,
    content: bytes,
    content_type: str,
    merge: bool,
    if_match: str | None = None,
    if_none_match: str | None = None,
    require_precondition: bool = False,
    conflict_without_precondition: bool = False,
) -> Document:
    """PUT (replace) or POST (merge JSON objects) one document.

    ``require_precondition``: a PUT of a profile, which needs If-Match or If-None-Match;
    ``conflict_without_precondition``: a PUT of a state under xAPI 2.0, which needs one only when
    the document exists.
    """
    with transaction.atomic():
        document = (
            Document.objects.select_for_update().filter(**key.filter(), document_id=document_id).first()
        )
        _check_preconditions(document, if_match=if_match, if_none_match=if_none_match)
        if require_precondition and if_match is None and if_none_match is None:
            # Communication 3.1: a PUT to a profile needs If-Match or If-None-Match; over an existing
            # document its absence is a conflict (409), otherwise a bad request.
            if document is not None:
                raise Conflict("This document exists: send If-Match or If-None-Match.")
            raise BadRequest("Send If-Match or If-None-Match with a PUT of a profile.")
        if (
            conflict_without_precondition
            and if_match is None
            and if_none_match is None
            and document is not None
        ):
            raise Conflict("This document exists: send If-Match or If-None-Match.")
        if merge and document is not None:
            content, content_type = _merged(document, content, content_type)
        elif merge and _is_json(content_type):
            _json_object(content)
        now = timezone.now()
        if document is None:
            document = Document(**key.filter(), document_id=document_id)
        document.content = content
        document.content_type = content_type
        document.etag = _etag(content)
        document.updated = now
        document.save()
        return document


def _is_json(content_type: str) -> bool:
    return content_type.split(";")[0].strip().lower() == "application/json"


def _json_object(content: bytes) -> dict:
    try:
        value = loads(content)
    except JsonRefused as error:
        raise BadRequest(f"The document is refused: {error}") from error
    except ValueError as error:  # UnicodeDecodeError is one
        raise BadRequest("The document is not valid JSON.") from error
    if not isinstance(value, dict):
        raise BadRequest("Only JSON objects can be merged.")
    return value


def _merged(document: Document, content: bytes, content_type: str) -> tuple[bytes, str]:
    """Communication 2.2: POST merges two JSON objects; anything else is 400."""
    if not (_is_json(document.content_type) and _is_json(content_type)):
        raise BadRequest("Only JSON documents can be merged by POST.")
    merged = _json_object(bytes(document.content))
    merged.update(_json_object(content))
    return json.dumps(merged).encode(), "application/json"


def document_delete(*, key: DocumentKey, document_id: str, if_match: str | None = None) -> None:
    with transaction.atomic():
        document = (
            Document.objects.select_for_update().filter(**key.filter(), document_id=document_id).first()
        )
        _check_preconditions(document, if_match=if_match, if_none_match=None)
        if document is not None:
            document.delete()


def documents_delete(*, key: DocumentKey) -> None:
    """DELETE without a stateId: every state document of the activity, agent and registration."""
    Document.objects.filter(**key.filter()).delete()


# --- Credentials --------------------------------------------------------------------------------


def lrs_client_create(
    *, name: str, can_read: bool = True, can_write: bool = True, own_statements_only: bool = False
) -> tuple[LrsClient, str]:
    """A new client system; returns it with its secret, which is shown once and never stored."""
    secret = secrets.token_urlsafe(32)
    client = LrsClient(
        name=name,
        key=secrets.token_hex(10),
        secret_sha256=sha256(secret),
        can_read=can_read,
        can_write=can_write,
        own_statements_only=own_statements_only,
    )
    client.full_clean()
    client.save()
    return client, secret


def lrs_client_revoke(*, client: LrsClient) -> LrsClient:
    client.is_active = False
    client.revoked_at = timezone.now()
    client.save(update_fields=["is_active", "revoked_at"])
    return client


def launch_token_issue(
    *,
    actor: dict,
    registration: uuid.UUID,
    activity_id: str = "",
    lifetime: timedelta | None = None,
    is_preview: bool = False,
) -> str:
    """A token for one content session of one learner in one registration; returns the token."""
    check_agent(actor, "actor")
    token = secrets.token_urlsafe(32)
    LaunchToken.objects.create(
        token_sha256=sha256(token),
        actor=actor,
        actor_ifi=agent_ifi(actor),
        registration=registration,
        activity_id=activity_id,
        is_preview=is_preview,
        expires_at=timezone.now() + (lifetime or timedelta(seconds=setting("LRS_LAUNCH_TOKEN_SECONDS"))),
    )
    return token


def launch_tokens_expire(*, registration: uuid.UUID, activity_id: str) -> int:
    """Ends the sessions of one activity in one registration: their tokens stop working now."""
    return LaunchToken.objects.filter(
        registration=registration, activity_id=activity_id, expires_at__gt=timezone.now()
    ).update(expires_at=timezone.now())
