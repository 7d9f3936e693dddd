"""``/health/``: whether the database, the cache, the task broker and the storage answer (ADR 0024).

Pages cannot be served without the database: while it is out of reach the answer is 503 with
Retry-After, so a load balancer or monitor sees the outage, and 200 again once it is back (the
web processes reconnect by themselves, production's CONN_HEALTH_CHECKS). Pages go on without the
cache and the broker (lms/redis_cache.py, lms/celery.py), so either one down is "degraded" with
200: taking every web machine out of the balancer because Redis is down would stop the pages
that still work. So is object storage out of reach (ADR 0021): lessons and downloads answer 503
until it is back, every other page works, and every web machine shares the one bucket, so no
machine is better than another. Storage on local disk is not asked: a folder does not go away.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import storages
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from lms.errors import RETRY_AFTER_SECONDS


class CacheUnavailable(RuntimeError):
    """The cache forgot a value at once: out of reach (the degraded cache forgets every write)."""


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return connection.vendor


def _cache() -> str:
    cache.set("health-check", "ok", 5)
    if cache.get("health-check") != "ok":
        raise CacheUnavailable
    return settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]


def _broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process"
    from lms.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
        return conn.transport.driver_name


def _storage() -> str:
    """Object storage: the bucket answers a HEAD (one request, the client's timeouts and tries)."""
    storage = storages["default"]
    bucket = getattr(storage, "bucket_name", None)
    if bucket:
        storage.connection.meta.client.head_bucket(Bucket=bucket)
    return storage.__class__.__name__


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database, "cache": _cache, "broker": _broker, "storage": _storage}
    report = {}
    for name, check in checks.items():
        try:
            report[name] = {"ok": True, "detail": check()}
        except Exception as error:  # noqa: BLE001 - any failure is reported, never raised
            report[name] = {"ok": False, "detail": error.__class__.__name__}
    if not report["database"]["ok"]:
        status = "error"
    elif all(item["ok"] for item in report.values()):
        status = "ok"
    else:
        status = "degraded"
    if status == "error":
        return JsonResponse(
            {"status": status, "checks": report},
            status=503,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    return JsonResponse({"status": status, "checks": report})
