"""Forwarding stored statements to external LRSs, from the outbox, in storage order.

One worker at a time holds a destination's lease (a conditional UPDATE, so it works the same on
SQLite and PostgreSQL), sends batches oldest first, and marks each batch sent only once the
remote acknowledges it; a failure stops the run and backs the destination off exponentially, so a
remote that is down for hours gets a retry every ``LRS_FORWARD_BACKOFF_MAX`` seconds at most and
misses nothing. Entries acknowledged are never sent again to that destination.
"""

import json
import logging
from datetime import timedelta

import httpx
from django.db.models import Q
from django.utils import timezone

from .conf import setting
from .models import Attachment, ForwardingDestination, OutboxEntry
from .multipart import build
from .versions import V1, V2

logger = logging.getLogger(__name__)


class RemoteRefused(Exception):
    """The remote LRS answered, but not with an acknowledgement."""


def _claim(destination_id: int) -> bool:
    now = timezone.now()
    return bool(
        ForwardingDestination.objects.filter(pk=destination_id, is_active=True)
        .filter(Q(leased_until__isnull=True) | Q(leased_until__lt=now))
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(leased_until=now + timedelta(seconds=setting("LRS_FORWARD_LEASE_SECONDS")))
    )


def backoff_seconds(failures: int) -> float:
    return min(
        setting("LRS_FORWARD_BACKOFF_BASE") * 2 ** max(failures - 1, 0), setting("LRS_FORWARD_BACKOFF_MAX")
    )


def forward_pending(*, destination_id: int, http: httpx.Client | None = None) -> int:
    """Sends every pending statement of one destination; returns how many were acknowledged.

    Returns early (0) when another worker holds the destination or it is backing off.
    """
    if not _claim(destination_id):
        return 0
    destination = ForwardingDestination.objects.get(pk=destination_id)
    own_client = http is None
    http = http or httpx.Client(timeout=setting("LRS_FORWARD_TIMEOUT"))
    sent = 0
    try:
        while True:
            batch = list(
                OutboxEntry.objects.filter(destination=destination, sent_at__isnull=True)
                .select_related("statement")
                .order_by("statement_id")[: setting("LRS_FORWARD_BATCH_SIZE")]
            )
            if not batch:
                break
            try:
                _send(http, destination, [entry.statement.data for entry in batch])
            except (httpx.HTTPError, RemoteRefused) as error:
                _failed(destination, batch, error)
                return sent
            now = timezone.now()
            OutboxEntry.objects.filter(pk__in=[entry.pk for entry in batch]).update(sent_at=now)
            sent += len(batch)
            ForwardingDestination.objects.filter(pk=destination.pk).update(
                consecutive_failures=0,
                next_attempt_at=None,
                last_error="",
                last_success_at=now,
                leased_until=now + timedelta(seconds=setting("LRS_FORWARD_LEASE_SECONDS")),
            )
    finally:
        ForwardingDestination.objects.filter(pk=destination.pk).update(leased_until=None)
        if own_client:
            http.close()
    return sent


def _failed(destination: ForwardingDestination, batch: list[OutboxEntry], error: Exception) -> None:
    failures = destination.consecutive_failures + 1
    delay = backoff_seconds(failures)
    logger.warning("Forwarding to %s failed (%s); next try in %ss", destination, error, delay)
    OutboxEntry.objects.filter(pk__in=[entry.pk for entry in batch]).update(attempts=batch[0].attempts + 1)
    ForwardingDestination.objects.filter(pk=destination.pk).update(
        consecutive_failures=failures,
        next_attempt_at=timezone.now() + timedelta(seconds=delay),
        last_error=str(error)[:2000],
    )
    destination.consecutive_failures = failures


def _send(http: httpx.Client, destination: ForwardingDestination, statements: list[dict]) -> None:
    url = destination.endpoint.rstrip("/") + "/statements"
    headers = {"X-Experience-API-Version": _version_of(statements)}
    auth = (destination.username, destination.password) if destination.username else None
    body, content_type = _body(statements)
    headers["Content-Type"] = content_type
    response = http.post(url, content=body, headers=headers, auth=auth)
    if response.status_code == 200:
        return
    if response.status_code == 409:
        # Some statement is already there (an earlier acknowledgement was lost on the way back):
        # send one by one with PUT, where the same statement again is answered 204.
        for statement in statements:
            body, content_type = _body([statement])
            one = http.put(
                url,
                params={"statementId": statement["id"]},
                content=body,
                headers={**headers, "Content-Type": content_type},
                auth=auth,
            )
            if one.status_code not in (204, 409):
                raise RemoteRefused(f"PUT {statement['id']}: HTTP {one.status_code}")
        return
    raise RemoteRefused(f"HTTP {response.status_code}: {response.text[:300]}")


def _version_of(statements: list[dict]) -> str:
    """The xAPI version a batch is sent under (ADR 0020): 2.0 when a statement of it is 2.0 (its
    contextAgents mean nothing to 1.0.3, and 2.0 takes the 1.0.x ones), 1.0.3 otherwise."""
    if any(statement.get("version", "").startswith("2.") for statement in statements):
        return V2
    return V1


def _body(statements: list[dict]) -> tuple[bytes, str]:
    """JSON, or multipart/mixed when a statement carries attachment content we hold."""
    hashes = {
        attachment["sha2"]
        for statement in statements
        for attachment in statement.get("attachments", ())
        if "fileUrl" not in attachment
    }
    raw = json.dumps(statements if len(statements) != 1 else statements[0]).encode()
    if not hashes:
        return raw, "application/json"
    files = [(a.sha2, a.content_type, bytes(a.content)) for a in Attachment.objects.filter(sha2__in=hashes)]
    return build(raw, files)


def destinations_due() -> list[int]:
    """Active destinations with something pending and not backing off."""
    now = timezone.now()
    return list(
        ForwardingDestination.objects.filter(is_active=True, outbox__sent_at__isnull=True)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .values_list("pk", flat=True)
        .distinct()
    )
