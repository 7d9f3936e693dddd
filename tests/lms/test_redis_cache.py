"""The Redis cache with Redis out of reach: an empty cache that forgets every write, at once."""

import socket

import pytest
from django.core.cache.backends.redis import RedisCache

from lms.redis_cache import DegradingRedisCache


@pytest.fixture
def unreachable() -> DegradingRedisCache:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    return DegradingRedisCache(f"redis://127.0.0.1:{port}/0", {})


def test_reads_find_nothing_and_writes_are_forgotten_without_an_error(unreachable):
    missing = object()
    unreachable.set("outline", [1, 2, 3])
    assert unreachable.get("outline", missing) is missing
    assert unreachable.get_many(["a", "b"]) == {}
    assert unreachable.add("counter", 0) is False
    assert unreachable.get_or_set("settings", lambda: "computed") == "computed"
    assert unreachable.set_many({"a": 1}) == ["a"]
    assert unreachable.delete("outline") is False
    assert unreachable.has_key("outline") is False


def test_a_counter_reads_as_missing_so_callers_start_it_again(unreachable):
    with pytest.raises(ValueError):
        unreachable.incr("people:password-reset:x")


def test_after_a_failure_redis_is_left_alone_for_a_while(unreachable, monkeypatch):
    asked = []
    ask = RedisCache.get
    monkeypatch.setattr(RedisCache, "get", lambda *args: asked.append(args[1]) or ask(*args))
    for key in ("first", "second", "third"):
        assert unreachable.get(key) is None
    assert asked == ["first"], "Redis is not asked again during the pause"
