"""What the request id, the request's metrics and its log line cost per request (ADR 0023).

    .venv/bin/python -m bench.bench_observability

The two middlewares wrap a view that does nothing, so what is measured is theirs alone: CPU time
(``time.process_time``) per request with them and without, the log line written as JSON to a
discarded stream, as production writes it. $BENCH_REQUESTS (default 20,000) requests each way.
"""

import logging
import os
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
os.environ["LOG_FORMAT"] = "json"
django.setup()

from django.http import HttpResponse  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.urls import resolve  # noqa: E402

from lms.observability.metrics import MetricsMiddleware  # noqa: E402
from lms.observability.requestid import RequestIdMiddleware  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "20000"))


def view(request):
    request.resolver_match = resolve("/health/")
    return HttpResponse("ok")


def cpu_per_request(handler, requests) -> float:
    started = time.process_time()
    for request in requests:
        handler(request)
    return (time.process_time() - started) / len(requests) * 1e6


def main() -> None:
    with open(os.devnull, "w") as devnull:
        handler = logging.getLogger("tadrib").handlers[0]
        handler.setStream(devnull)
        factory = RequestFactory()
        make = lambda: [factory.get("/health/", HTTP_X_REQUEST_ID="a" * 32) for _ in range(REQUESTS)]  # noqa: E731
        bare = cpu_per_request(view, make())
        observed = cpu_per_request(RequestIdMiddleware(MetricsMiddleware(view)), make())
        generated = cpu_per_request(
            RequestIdMiddleware(MetricsMiddleware(view)), [factory.get("/health/")] * REQUESTS
        )
    print(f"{REQUESTS} requests each way, CPU time per request")
    print(f"  view alone:                         {bare:7.1f} µs")
    print(f"  with request id, metrics, JSON log: {observed:7.1f} µs (+{observed - bare:.1f} µs)")
    print(f"  same, id generated here:            {generated:7.1f} µs (+{generated - bare:.1f} µs)")


if __name__ == "__main__":
    main()
