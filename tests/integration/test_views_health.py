"""``/health/`` reports the production services: PostgreSQL, Redis as cache and as broker, and the
storage (an S3 bucket, when one is configured)."""

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
            "storage": {"ok": True, "detail": "FileSystemStorage"},
        },
    }


def test_health_asks_the_bucket_when_the_storage_is_s3(client, s3_storage):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["checks"]["storage"] == {"ok": True, "detail": "S3Storage"}
