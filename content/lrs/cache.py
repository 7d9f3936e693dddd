"""Short-lived caches of what every write request would otherwise read from the database.

A statement POST used to spend two of its round trips on rows that almost never change: the
client system behind the credential, and the list of forwarding destinations. Both are kept in
Django's cache for a few seconds and forgotten whenever the rows change (``save``/``delete`` of
the model, again once the transaction commits). With a shared cache (Redis in production) a revoke
takes effect everywhere at once; with a per-process cache the other processes see it within
``TTL_SECONDS``.
"""

from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction

TTL_SECONDS = 10

DESTINATIONS_KEY = "lrs:forwarding-destinations"


def client_key(key: str) -> str:
    return f"lrs:client:{key}"


def cached(key: str, load: Callable[[], Any]) -> Any:
    """The cached value of ``key``, else ``load()`` (cached unless it is None)."""
    value = cache.get(key)
    if value is None:
        value = load()
        if value is not None:
            cache.set(key, value, TTL_SECONDS)
    return value


def forget(key: str) -> None:
    """Drops ``key`` now and when the current transaction commits (a reader in between may have
    cached the rows as they were before the commit)."""
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))
