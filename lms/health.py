"""``/health/``: whether the database, the cache and the task broker answer."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return connection.vendor


def _cache() -> str:
    cache.set("health-check", "ok", 5)
    if cache.get("health-check") != "ok":
        raise RuntimeError("cache lost a value")
    return settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]


def _broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process"
    from lms.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
        return conn.transport.driver_name


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database, "cache": _cache, "broker": _broker}
    report = {}
    for name, check in checks.items():
        try:
            report[name] = {"ok": True, "detail": check()}
        except Exception as error:  # noqa: BLE001 - any failure is reported, never raised
            report[name] = {"ok": False, "detail": error.__class__.__name__}
    healthy = all(item["ok"] for item in report.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": report}, status=200 if healthy else 503
    )
