"""``/health/`` reports the production services: PostgreSQL, Redis as cache and as broker."""

import pytest

pytestmark = pytest.mark.django_db


def test_health_reports_postgresql_redis_cache_and_broker(client):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": {"ok": True, "detail": "postgresql"},
            "cache": {"ok": True, "detail": "DegradingRedisCache"},
            "broker": {"ok": True, "detail": "redis"},
        },
    }
