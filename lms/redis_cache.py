"""The shared cache (Redis) with one client per connection pool.

Django's ``RedisCache`` builds a new ``redis.Redis`` object for every operation. With redis-py 5
and later, building it costs more CPU than the round trip itself, and a trainee page reads the
cache 6 to 10 times (versions and values, ``lms/caching.py``): about a tenth of such a page's CPU
time went there (ADR 0013). A ``redis.Redis`` object is safe to share between threads; each
command takes a connection from the pool.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


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
