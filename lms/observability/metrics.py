"""Prometheus metrics, with prometheus-client (the Prometheus project's own Python library).

Requests (by view and status, latency), exceptions, Celery tasks run and failed, and — read from
the broker when Prometheus scrapes — the task queue's length and the age of its oldest waiting
task. Apps add their own counters with prometheus-client directly (content counts LRS statements).

Under gunicorn each worker process counts alone: with PROMETHEUS_MULTIPROC_DIR set (before start,
to an empty folder), prometheus-client keeps each process's values in files there and ``/metrics``
adds them up; ``gunicorn_child_exit`` (gunicorn's child_exit hook) drops a dead worker's gauges.
"""

import os
import time
from collections.abc import Callable, Iterator

import orjson
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import REGISTRY, GaugeMetricFamily
from prometheus_client.registry import Collector

REQUESTS = Counter("tadrib_http_requests", "HTTP requests answered.", ["view", "method", "status"])
LATENCY = Histogram(
    "tadrib_http_request_duration_seconds",
    "Time to answer a request, by view.",
    ["view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
EXCEPTIONS = Counter(
    "tadrib_http_exceptions", "Requests that raised an exception (500).", ["view", "exception"]
)
UNAVAILABLE = Counter(
    "tadrib_http_unavailable",
    "Requests answered 503 because a service the app needs was out of reach (database, storage).",
    ["view", "service"],
)
TASKS = Counter("tadrib_celery_tasks", "Celery tasks run, by task and final state.", ["task", "state"])
TASK_DURATION = Histogram(
    "tadrib_celery_task_duration_seconds",
    "Time a Celery task ran.",
    ["task"],
    buckets=(0.05, 0.25, 1, 5, 15, 60, 300, 1800),
)


def view_name(request: HttpRequest) -> str:
    """A bounded label: the URL pattern's name, never the path (ids would make endless series)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unmatched>"
    return match.view_name or match._func_path


class QueueCollector(Collector):
    """The Celery queues' length and their oldest message's age, read from Redis at each scrape."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        length = GaugeMetricFamily(
            "tadrib_celery_queue_length", "Tasks waiting in the queue.", labels=["queue"]
        )
        age = GaugeMetricFamily(
            "tadrib_celery_queue_oldest_age_seconds",
            "How long the oldest waiting task has waited (0 when none waits).",
            labels=["queue"],
        )
        up = GaugeMetricFamily("tadrib_celery_broker_up", "1 when the broker answered this scrape.")
        broker = settings.CELERY_BROKER_URL
        if not broker.startswith(("redis://", "rediss://")):
            return  # in-process tasks: nothing ever waits
        import redis

        now = time.time()
        try:
            client = redis.Redis.from_url(broker, socket_timeout=2, socket_connect_timeout=2)
            for queue in queues():
                length.add_metric([queue], client.llen(queue))
                # kombu pushes on the left and workers pop on the right: the oldest is last.
                oldest = client.lindex(queue, -1)
                age.add_metric([queue], _waited(oldest, now) if oldest else 0.0)
        except redis.RedisError:
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield from (up, length, age)


def queues() -> list[str]:
    return [
        settings.CELERY_TASK_DEFAULT_QUEUE if hasattr(settings, "CELERY_TASK_DEFAULT_QUEUE") else "celery"
    ]


def _waited(message: bytes, now: float) -> float:
    try:
        published = float(orjson.loads(message)["headers"]["published_at"])
    except (ValueError, KeyError, TypeError):
        return 0.0  # queued by a version that did not stamp its messages
    return max(0.0, now - published)


_queue_collector = QueueCollector()
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    REGISTRY.register(_queue_collector)


def exposition() -> bytes:
    """The text Prometheus reads: this process's metrics, or every gunicorn worker's added up."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        registry.register(_queue_collector)
        return generate_latest(registry)
    return generate_latest(REGISTRY)


def gunicorn_child_exit(server, worker) -> None:
    """gunicorn's ``child_exit`` hook in multiprocess mode (deploy/'s gunicorn configuration)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)


class MetricsMiddleware:
    """Counts and times every request, and logs it as one structured line (logger tadrib.request)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        seconds = time.perf_counter() - started
        view = view_name(request)
        REQUESTS.labels(view, request.method, str(response.status_code)).inc()
        LATENCY.labels(view).observe(seconds)
        _request_log(request, response, view, seconds)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        EXCEPTIONS.labels(view_name(request), type(exception).__name__).inc()


def _request_log(request: HttpRequest, response: HttpResponse, view: str, seconds: float) -> None:
    import logging

    user = getattr(request, "user", None)
    logging.getLogger("tadrib.request").info(
        "%s %s %s",
        request.method,
        request.path,
        response.status_code,
        extra={
            "method": request.method,
            "path": request.path,  # never the query string: it may carry launch tokens
            "view": view,
            "status": response.status_code,
            "duration_ms": round(seconds * 1000, 1),
            "user_id": user.pk if user is not None and user.is_authenticated else None,
        },
    )
