"""The LRS's read side: statement queries with every filter of the Statements resource, and
look-ups of documents, activities and attachments.

Filters read denormalised, indexed columns (and the related-agent/activity tables), never the JSON.
A filter also returns the statements whose object is a StatementRef to a matching statement
(xAPI 1.0.3, Communication 2.1.3, "Filter Conditions for StatementRefs").
"""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.db.models import Q, QuerySet

from .auth import Credential
from .conf import setting
from .errors import Forbidden, NotFound
from .models import Activity, Attachment, Document, Statement, StatementActivity, StatementAgent


@dataclass(frozen=True)
class StatementFilter:
    agent_ifi: str | None = None
    verb_id: str | None = None
    activity_id: str | None = None
    registration: UUID | None = None
    related_agents: bool = False
    related_activities: bool = False
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 0
    ascending: bool = False


@dataclass(frozen=True)
class Cursor:
    """Where the previous page stopped: the (stored, id) of its last statement."""

    stored: datetime
    pk: int


def _readable(credential: Credential) -> QuerySet[Statement]:
    if not credential.can_read:
        raise Forbidden("These credentials may not read statements.")
    rows = Statement.objects.all()
    if credential.own_statements_only:
        rows = rows.filter(client_id=credential.client_id)
    if credential.learner_ifi is not None:
        rows = rows.filter(actor_ifi=credential.learner_ifi, registration=credential.registration)
    return rows


def statement_get(*, statement_id: UUID, voided: bool, credential: Credential) -> Statement:
    """GET with ``statementId`` (not voided) or ``voidedStatementId`` (voided only)."""
    row = _readable(credential).filter(statement_id=statement_id, voided=voided).first()
    if row is None:
        raise NotFound("No such statement.")
    return row


def _target_filter(query: StatementFilter) -> Q | None:
    """The conditions that select statements by what they are about (not by when stored)."""
    conditions = Q()
    used = False
    if query.agent_ifi is not None:
        used = True
        ifi = query.agent_ifi
        about = Q(actor_ifi=ifi) | Q(object_agent_ifi=ifi)
        if query.related_agents:
            about |= Q(pk__in=StatementAgent.objects.filter(ifi=ifi).values("statement_id"))
            client_key = _client_key(ifi)
            if client_key is not None:
                about |= Q(client__key=client_key)
        conditions &= about
    if query.verb_id is not None:
        used = True
        conditions &= Q(verb_id=query.verb_id)
    if query.activity_id is not None:
        used = True
        about = Q(object_activity_id=query.activity_id)
        if query.related_activities:
            about |= Q(
                pk__in=StatementActivity.objects.filter(activity_id=query.activity_id).values("statement_id")
            )
        conditions &= about
    if query.registration is not None:
        used = True
        conditions &= Q(registration=query.registration)
    return conditions if used else None


def _client_key(ifi: str) -> str | None:
    """The client key an authority IFI names, if it is one of this LRS's client accounts."""
    prefix = f"account:{setting('LRS_AUTHORITY_HOMEPAGE')}|"
    return ifi[len(prefix) :] if ifi.startswith(prefix) else None


def _window(query: StatementFilter, cursor: Cursor | None) -> Q:
    window = Q()
    if query.since is not None:
        window &= Q(stored__gt=query.since)
    if query.until is not None:
        window &= Q(stored__lte=query.until)
    if cursor is not None:
        if query.ascending:
            window &= Q(stored__gt=cursor.stored) | Q(stored=cursor.stored, pk__gt=cursor.pk)
        else:
            window &= Q(stored__lt=cursor.stored) | Q(stored=cursor.stored, pk__lt=cursor.pk)
    return window


def page_size(query: StatementFilter) -> int:
    largest = setting("LRS_MAX_PAGE_SIZE")
    return largest if query.limit <= 0 else min(query.limit, largest)


def statements_find(
    *, query: StatementFilter, credential: Credential, cursor: Cursor | None = None
) -> tuple[list[Statement], Cursor | None]:
    """One page of statements matching ``query``, and the cursor of the next page (None at the end)."""
    size = page_size(query)
    order = ("stored", "pk") if query.ascending else ("-stored", "-pk")
    rows = _readable(credential).filter(_window(query, cursor), voided=False)
    target = _target_filter(query)
    if target is None:
        found = list(rows.order_by(*order)[: size + 1])
    else:
        direct = list(rows.filter(target).order_by(*order)[: size + 1])
        matching = Statement.objects.filter(target).values("statement_id")
        referring = list(
            rows.filter(object_statement_id__isnull=False, object_statement_id__in=matching).order_by(*order)[
                : size + 1
            ]
        )
        merged = {row.pk: row for row in direct + referring}.values()
        found = sorted(merged, key=lambda row: (row.stored, row.pk), reverse=not query.ascending)[: size + 1]
    if len(found) > size:
        last = found[size - 1]
        return found[:size], Cursor(stored=last.stored, pk=last.pk)
    return found, None


def attachments_for(sha2s: set[str]) -> list[Attachment]:
    return list(Attachment.objects.filter(sha2__in=sha2s))


def document_get(*, filters: dict, document_id: str) -> Document:
    document = Document.objects.filter(**filters, document_id=document_id).first()
    if document is None:
        raise NotFound("No such document.")
    return document


def document_ids(*, filters: dict, since: datetime | None) -> list[str]:
    documents = Document.objects.filter(**filters)
    if since is not None:
        documents = documents.filter(updated__gt=since)
    return list(documents.order_by("document_id").values_list("document_id", flat=True))


def activity_get(*, activity_id: str) -> dict:
    """The Activities resource: the canonical definition as last received."""
    activity = Activity.objects.filter(activity_id=activity_id).first()
    out: dict = {"objectType": "Activity", "id": activity_id}
    if activity is not None and activity.definition:
        out["definition"] = activity.definition
    return out
