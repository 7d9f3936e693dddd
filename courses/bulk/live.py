"""What a running check or application tells the outside while its transaction is open.

Applying a list is one transaction: until it commits, nobody else sees its rows, nor any
``processed_rows`` it would write to the ``BulkEnrolment`` row — and on SQLite the transaction
holds the only write lock, so another connection could not even write that row. Progress, the
worker's heartbeat and the cancellation flag therefore live in Django's cache, which every
process shares: Redis in production, and in the embedded mode the local-memory cache of the one
process in which the web requests and the background thread run. The row itself is brought up
to date when the transaction ends. A project without a shared cache and with a separate worker
still works; its progress bar only jumps from 0 to 100 %.
"""

from django.core.cache import cache

# Keys outlive any run: a day.
TIMEOUT = 24 * 3600
# A running job refreshes its heartbeat every chunk; without one for this long, it is gone.
HEARTBEAT_SECONDS = 300


def _key(bulk_id: int, what: str) -> str:
    return f"courses:bulk:{bulk_id}:{what}"


class Cancelled(Exception):
    """Raised between two chunks when someone asked to cancel; the transaction rolls back."""

    def __init__(self, by_id: int) -> None:
        super().__init__(f"cancelled by user {by_id}")
        self.by_id = by_id


def progress_set(bulk_id: int, phase: str, rows: int) -> None:
    """Report ``rows`` done in ``phase`` ("checking" or "applying"), and that the job is alive."""
    cache.set(_key(bulk_id, f"progress:{phase}"), rows, TIMEOUT)
    heartbeat(bulk_id)


def stop_if_cancelled(bulk_id: int) -> None:
    by_id = cancel_requested_by(bulk_id)
    if by_id is not None:
        raise Cancelled(by_id)


def progress_get(bulk_id: int, phase: str) -> int | None:
    return cache.get(_key(bulk_id, f"progress:{phase}"))


def heartbeat(bulk_id: int) -> None:
    cache.set(_key(bulk_id, "alive"), True, HEARTBEAT_SECONDS)


def is_running(bulk_id: int) -> bool:
    return bool(cache.get(_key(bulk_id, "alive")))


def stopped(bulk_id: int) -> None:
    cache.delete(_key(bulk_id, "alive"))


def cancel_request(bulk_id: int, by_id: int) -> None:
    cache.set(_key(bulk_id, "cancel"), by_id, TIMEOUT)


def cancel_requested_by(bulk_id: int) -> int | None:
    """Who asked to cancel the run, if anyone did."""
    return cache.get(_key(bulk_id, "cancel"))


def forget(bulk_id: int) -> None:
    """Clear every key of a (new) bulk enrolment, so that an id used before carries nothing over."""
    cache.delete_many(
        [_key(bulk_id, w) for w in ("progress:checking", "progress:applying", "alive", "cancel")]
    )


def progress_of(bulk) -> tuple[int, int]:
    """(rows done, rows in all) of ``bulk``: live while it runs, else as the row last recorded."""
    phase = {"checking": "checking", "applying": "applying"}.get(bulk.status)
    done = (progress_get(bulk.pk, phase) or 0) if phase else bulk.processed_rows
    return min(done, bulk.total_rows), bulk.total_rows
