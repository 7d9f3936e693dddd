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
    return HttpResponse("ok")


def cpu_per_request(handler, requests) -> float:
    started = time.process_time()
    for request in requests:
        handler(request)
    return (time.process_time() - started) / len(requests) * 1e6


def requests(**headers) -> list:
    factory, match = RequestFactory(), resolve("/health/")
    made = [factory.get("/health/", **headers) for _ in range(REQUESTS)]
    for request in made:
        request.resolver_match = match
    return made


def main() -> None:
    observed_handler = RequestIdMiddleware(MetricsMiddleware(view))
    with open(os.devnull, "w") as devnull:
        logging.getLogger("tadrib").handlers[0].setStream(devnull)
        # Three rounds, alternating, the least of each: the machine is shared, a round can be unlucky.
        rounds = [
            (
                cpu_per_request(view, requests()),
                cpu_per_request(observed_handler, requests(HTTP_X_REQUEST_ID="a" * 32)),
                cpu_per_request(observed_handler, requests()),
            )
            for _ in range(3)
        ]
    bare, observed, generated = (min(values) for values in zip(*rounds, strict=True))
    print(f"{REQUESTS} requests each way, CPU time per request")
    print(f"  view alone:                         {bare:7.1f} µs")
    print(f"  with request id, metrics, JSON log: {observed:7.1f} µs (+{observed - bare:.1f} µs)")
    print(f"  same, id generated here:            {generated:7.1f} µs (+{generated - bare:.1f} µs)")


if __name__ == "__main__":
    main()
