"""Django's Redis cache with one client per connection pool, degraded to no cache at all while
Redis is out of reach (ADR 0024).

Django's ``RedisCache`` builds a new ``redis.Redis`` object for every operation. With redis-py 5
and later, building it costs more CPU than the round trip itself, and a trainee page reads the
cache 6 to 10 times (versions and values, ``lms/caching.py``): about a tenth of such a page's CPU
time went there (ADR 0013). A ``redis.Redis`` object is safe to share between threads; each
command takes a connection from the pool.

Everything Tadrib keeps in the cache can be computed again from the database, so a Redis that
is down must cost speed, never a page: a read finds nothing (the caller computes the value), a
write is forgotten, a counter starts again (``incr`` says the key is missing). Django's own
backend raises instead, and every page reads the centre's settings through the cache.

While Redis is away each process stops asking it for ``PAUSE_SECONDS`` after a failure, so that
a page does not wait for one refused connection per value. Writes forgotten meanwhile (a
namespace's new version, lms/caching.py) could leave values from before the outage in Redis
when it comes back without having restarted; the first process to reach it again after losing a
write empties the cache's database, which therefore must be the cache's alone (REDIS_URL's
database number, not the broker's).
"""

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

logger = logging.getLogger(__name__)

PAUSE_SECONDS = 5.0
_KEY_MISSING = object()  # incr's answer for a key it cannot find: ValueError


class _OneClientPerPool(RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = _OneClientPerPool


class DegradingRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = params.setdefault("OPTIONS", {})
        # redis-py retries a refused connection with back-off (0.7 s a call): the caller would
        # rather compute the value at once.
        options.setdefault("retry", Retry(NoBackoff(), 0))
        options.setdefault("socket_connect_timeout", 1)
        options.setdefault("socket_timeout", 1)
        super().__init__(server, params)
        self._lock = threading.Lock()
        self._paused_until = 0.0
        self._lost_writes = False

    def _call(self, method: Callable[..., Any], args: tuple, fallback: Any, *, writes: bool) -> Any:
        """``method(*args)`` of Django's backend; ``fallback`` when Redis is out of reach."""
        if time.monotonic() >= self._paused_until:
            try:
                self._forget_if_writes_were_lost()
                return method(*args)
            except RedisError as error:
                logger.warning("The cache (Redis) is out of reach; pages go on without it: %s", error)
                self._paused_until = time.monotonic() + PAUSE_SECONDS
        self._lost_writes = self._lost_writes or writes
        if fallback is _KEY_MISSING:
            raise ValueError("The cache is out of reach: the key is missing.")
        return fallback

    def _forget_if_writes_were_lost(self) -> None:
        if not self._lost_writes:
            return
        with self._lock:
            if self._lost_writes:
                super().clear()
                self._lost_writes = False
                logger.warning("The cache (Redis) answers again; emptied, as writes were lost meanwhile.")

    def get(self, key, default=None, version=None):
        return self._call(super().get, (key, default, version), default, writes=False)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, (keys, version), {}, writes=False)

    def has_key(self, key, version=None):
        return self._call(super().has_key, (key, version), False, writes=False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().add, (key, value, timeout, version), False, writes=True)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set, (key, value, timeout, version), None, writes=True)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set_many, (data, timeout, version), list(data), writes=True)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, (key, timeout, version), False, writes=True)

    def delete(self, key, version=None):
        return self._call(super().delete, (key, version), False, writes=True)

    def delete_many(self, keys, version=None):
        return self._call(super().delete_many, (keys, version), None, writes=True)

    def incr(self, key, delta=1, version=None):
        return self._call(super().incr, (key, delta, version), _KEY_MISSING, writes=True)

    def clear(self):
        return self._call(super().clear, (), False, writes=True)
