"""Values derived from the database, kept in the shared cache until the rows they come from change.

Each value belongs to a namespace (e.g. one course's outline) whose version is a key of its own:
``cached_forget`` gives the namespace a new version at once and again when the change commits, so
every process reads the rows again. A reader that read its version before the change stores what it computed
under the old version, which nobody reads any more: a stale value is never served after the
commit, whatever the order in which readers and writers interleave.
"""

import secrets
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")
_MISSING = object()
# A day: values are forgotten by version, the timeout only frees the memory of unused ones.
TIMEOUT = 24 * 3600


def version_key(namespace: str) -> str:
    """The cache key of a namespace's version (to read it with other keys in one round trip)."""
    return f"{namespace}:version"


def _version(namespace: str) -> str:
    version = cache.get(version_key(namespace))
    if version is None:
        cache.add(version_key(namespace), secrets.token_hex(8), None)
        version = cache.get(version_key(namespace))
    return version


def cached(
    namespace: str, key: str, compute: Callable[[], T], *, timeout: int = TIMEOUT, keep_none: bool = True
) -> T:
    """``compute()``, or what it returned last time in ``namespace``'s current version (and at
    most ``timeout`` seconds ago). With ``keep_none=False`` a ``None`` is not kept: keys that
    anyone can make up (addresses) then fill the cache only with what exists."""
    full_key = f"{namespace}:{_version(namespace)}:{key}"
    value = cache.get(full_key, _MISSING)
    if value is _MISSING:
        value = compute()
        if value is not None or keep_none:
            cache.set(full_key, value, timeout)
    return value


def cached_many(
    namespace: str, keys: Iterable[str], compute: Callable[[list[str]], dict[str, T]]
) -> dict[str, T]:
    """``cached`` for several keys at once: ``compute(missing_keys)`` reads all the missing ones
    together (one query, not one per key) and returns a value for each."""
    version = _version(namespace)
    full_keys = {f"{namespace}:{version}:{key}": key for key in keys}
    found = {full_keys[full]: value for full, value in cache.get_many(list(full_keys)).items()}
    missing = [key for key in full_keys.values() if key not in found]
    if missing:
        computed = compute(missing)
        cache.set_many({f"{namespace}:{version}:{key}": computed[key] for key in missing}, TIMEOUT)
        found.update(computed)
    return found


def versions_read(namespaces: Iterable[str], *, found: dict[str, str] | None = None) -> dict[str, str]:
    """The current version of each namespace, in one round trip (a namespace without one gets
    one): what a value computed from now on is kept under. ``found``: versions already read,
    by ``version_key``."""
    keys = {version_key(namespace): namespace for namespace in namespaces}
    found = {key: found[key] for key in keys if key in found} if found else {}
    missing = [key for key in keys if key not in found]
    if missing:
        found.update(cache.get_many(missing))
    versions = {keys[key]: version for key, version in found.items()}
    for namespace in set(keys.values()) - set(versions):
        versions[namespace] = _version(namespace)
    return versions


def _renew(namespace: str) -> None:
    cache.set(version_key(namespace), secrets.token_hex(8), None)


def _renew_many(namespaces: list[str]) -> None:
    cache.set_many({version_key(namespace): secrets.token_hex(8) for namespace in namespaces}, None)


def cached_forget(namespace: str) -> None:
    """The rows behind ``namespace`` change: their values are read anew, at once (for the rest of
    this transaction) and again once it commits (values others computed meanwhile, from the rows
    as they were before the commit, are never read)."""
    _renew(namespace)
    transaction.on_commit(lambda: _renew(namespace))


def cached_forget_many(namespaces: Iterable[str]) -> None:
    """``cached_forget`` for many namespaces in one round trip (e.g. every person a bulk change
    touched)."""
    namespaces = sorted(set(namespaces))
    if namespaces:
        _renew_many(namespaces)
        transaction.on_commit(lambda: _renew_many(namespaces))
