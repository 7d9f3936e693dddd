"""What persistent database connections are worth to the LRS (issue 9): two gunicorn servers with
production's settings on one PostgreSQL, one with ``CONN_MAX_AGE=0`` (a new connection per
request, what production.py shipped before) and one as shipped now, sent the same requests in
turns, so that other work on the machine weighs on both alike.

``.venv/bin/python -m bench.bench_connections`` ($BENCH_REQUESTS single POSTs and as many GETs by
agent per server, 2,000 by default).
"""

import base64
import http.client
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import httpx

from bench.__main__ import gunicorn_server, make_statement, postgres, redis, setup_django


@contextmanager
def server(conn_max_age: str) -> Iterator[int]:
    env = {**os.environ, "CONN_MAX_AGE": conn_max_age}
    with gunicorn_server(env, ready="/xapi/about", workers=2) as started:
        yield started.port


def timed(port: int, method: str, path: str, headers: dict, body: bytes | None) -> float:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    started = time.perf_counter()
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    if response.status != 200:
        sys.exit(f"{method} {path}: HTTP {response.status}")
    return elapsed * 1000


def main() -> None:
    count = int(os.environ.get("BENCH_REQUESTS", 2_000))
    rng = random.Random(5)
    with ExitStack() as stack:
        database_url = stack.enter_context(postgres())
        redis_url = stack.enter_context(redis())
        key, secret = setup_django(database_url, redis_url)
        headers = {
            "Authorization": "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode(),
            "X-Experience-API-Version": "1.0.3",
            "Content-Type": "application/json",
            "X-Forwarded-Proto": "https",
        }
        ports = {
            name: stack.enter_context(server(value)) for name, value in (("per request", "0"), ("kept", "60"))
        }
        timings: dict[str, dict[str, list[float]]] = {name: {"POST": [], "GET": []} for name in ports}
        for index in range(count):
            agent = json.dumps({"mbox": f"mailto:learner{rng.randrange(10_000)}@bench.example"})
            query = "/xapi/statements?" + str(httpx.QueryParams({"agent": agent}))
            # Taking turns, and each going first every other time.
            order = list(ports) if index % 2 else list(reversed(ports))
            for name in order:
                body = json.dumps(make_statement(rng)).encode()
                timings[name]["POST"].append(timed(ports[name], "POST", "/xapi/statements", headers, body))
            for name in order:
                timings[name]["GET"].append(timed(ports[name], "GET", query, headers, None))
        for name, measures in timings.items():
            for method, values in measures.items():
                values.sort()
                print(
                    f"{name:<12} {method:<4} p50 {statistics.median(values):6.1f} ms"
                    f"  p95 {values[int(len(values) * 0.95) - 1]:6.1f} ms"
                )


if __name__ == "__main__":
    main()
