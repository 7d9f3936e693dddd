"""The trainee pages benchmark (issue 10, acceptance 4): gunicorn, PostgreSQL and Redis with the
production settings as shipped, the demo loaded, 50 concurrent clients signed in as the demo trainee.

Measures the catalogue, a course page, the course home and My learning, and in the same run,
taking turns with them, a bare Django view rendering a template with a 20-row query
(``bench/urls_pages.py``). Targets: each page at least 70 % of the bare view's requests per
second, and a 95th percentile under 100 ms.

Besides requests per second and latency, it prints each page's CPU time per request in the
gunicorn workers (from /proc): on a busy machine the throughput says little, the CPU time does not
depend on the other work, and the ratio of the bare view's to a page's is the share of the bare
view's throughput the page reaches when the server's CPU is what limits.

``.venv/bin/python -m bench.bench_trainee_pages`` (part of ``make bench``). Uses
$BENCH_DATABASE_URL / $BENCH_REDIS_URL if set, else a throwaway PostgreSQL cluster and Redis
(``bench/__main__.py``); $BENCH_PAGE_REQUESTS (600) requests per page. With
$BENCH_DEMO_LOADED set (and $BENCH_DATABASE_URL), the database already has the demo and the static
files are collected: the run starts at once (e.g. to compare two commits on the same data).
"""

import http.client
import json
import multiprocessing
import os
import secrets
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.__main__ import Server, gunicorn_server, postgres, redis  # noqa: E402

CLIENTS = 50
PROCESSES = 5  # the clients run as threads in a few processes, so that they do not share one GIL
ROUNDS = 3
TRAINEE = "trainee@demo.tadrib.iq"


def environment(database_url: str, redis_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings_pages",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1",
        # The demo issues certificates, which production signs with the operator's key.
        "CERTIFICATION_SIGNING_KEY": secrets.token_hex(32),
    }


def prepare(env: dict[str, str]) -> tuple[dict[str, str], str]:
    """Migrate, load the demo, sign the demo trainee in; returns the pages' paths and the session."""
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.urls import reverse

    if not os.environ.get("BENCH_DEMO_LOADED"):
        call_command("migrate", verbosity=0)
        call_command("collectstatic", "--noinput", verbosity=0)
        call_command("catalogues_compile", verbosity=0)
        call_command("demo_load", "--force", verbosity=0)  # DEBUG is off, as in production
    from django.db.models import Count
    from django.test import Client

    from courses.models import CatalogueIndexPage, CoursePage, Enrolment
    from lms import api as lms_api

    trainee = lms_api.person_by_id(person_id=lms_api.person_by_email(email=TRAINEE).id)
    # The course page and home of the trainee's largest current course (the e-governance
    # strategy: three modules, nine activities with pages, a file, a session and a quiz).
    enrolment = (
        Enrolment.objects.filter(user=trainee, state="active")
        .annotate(steps=Count("cohort__course__modules__activities"))
        .select_related("cohort")
        .order_by("-steps", "cohort__starts_on")
        .first()
    )
    course = CoursePage.objects.get(pk=enrolment.cohort.course_id)
    client = Client()
    client.force_login(trainee)
    paths = {
        "bare view": "/bench/bare",
        "catalogue": CatalogueIndexPage.objects.live().first().url,
        "course page": course.url,
        "course home": reverse("courses:course_home", args=[course.pk]),
        "my learning": reverse("courses:my_learning"),
    }
    return paths, client.cookies["sessionid"].value


def _get(port: int, path: str, headers: dict) -> tuple[int, float]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, (time.perf_counter() - started) * 1000


def _client_process(
    port: int, path: str, headers: dict, count: int, threads: int
) -> tuple[list[float], list]:
    """``threads`` clients in this process, each sending its share of ``count`` requests in turn."""
    timings: list[float] = []
    failures: list = []
    lock = threading.Lock()

    def client(share: int) -> None:
        for _ in range(share):
            status, ms = _get(port, path, headers)
            with lock:
                timings.append(ms)
                if status != 200:
                    failures.append(status)

    workers = [
        threading.Thread(target=client, args=(count // threads + (i < count % threads),))
        for i in range(threads)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return timings, failures


def load(server: Server, path: str, headers: dict, count: int) -> tuple[float, float, list[float]]:
    """``count`` requests from CLIENTS concurrent clients: the seconds it took, the server's CPU
    seconds, and each latency (ms)."""
    shares = [count // PROCESSES + (i < count % PROCESSES) for i in range(PROCESSES)]
    with multiprocessing.Pool(PROCESSES) as pool:
        cpu = server.cpu_seconds()
        started = time.perf_counter()
        parts = pool.starmap(
            _client_process,
            [(server.port, path, headers, share, CLIENTS // PROCESSES) for share in shares],
        )
        elapsed = time.perf_counter() - started
        cpu = server.cpu_seconds() - cpu
    failures = [status for _, failed in parts for status in failed]
    if failures:
        sys.exit(f"{path}: HTTP {failures[0]} ({len(failures)} failures)")
    return elapsed, cpu, [ms for timings, _ in parts for ms in timings]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * share) - 1)]


def main() -> None:
    requests = int(os.environ.get("BENCH_PAGE_REQUESTS", 600))
    with postgres() as database_url, redis() as redis_url:
        env = environment(database_url, redis_url)
        paths, session = prepare(env)
        # What the reverse proxy in front of production adds: the request came over HTTPS.
        headers = {"Cookie": f"sessionid={session}", "X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}
        with gunicorn_server(env, ready="/health/") as server:
            for path in paths.values():
                load(server, path, headers, CLIENTS)  # warm every worker's caches
            seconds = dict.fromkeys(paths, 0.0)
            cpu = dict.fromkeys(paths, 0.0)
            timings: dict[str, list[float]] = {name: [] for name in paths}
            for _ in range(ROUNDS):
                for name, path in paths.items():
                    elapsed, spent, ms = load(server, path, headers, requests // ROUNDS)
                    seconds[name] += elapsed
                    cpu[name] += spent
                    timings[name] += ms
        results = {"clients": CLIENTS, "requests_per_page": requests, "cpus": os.cpu_count(), "pages": {}}
        bare = len(timings["bare view"]) / seconds["bare view"]
        bare_cpu = cpu["bare view"] / len(timings["bare view"])
        for name in paths:
            per_s = len(timings[name]) / seconds[name]
            cpu_ms = 1000 * cpu[name] / len(timings[name])
            figures = {
                "per_s": round(per_s, 1),
                "vs_bare": round(per_s / bare, 3),
                "p50_ms": round(statistics.median(timings[name]), 1),
                "p95_ms": round(percentile(timings[name], 0.95), 1),
                "server_cpu_ms": round(cpu_ms, 2),
                "bare_cpu_share": round(1000 * bare_cpu / cpu_ms, 3),
            }
            results["pages"][name] = figures
            print(
                f"{name:<12} {figures['per_s']:7.1f} req/s  {figures['vs_bare']:6.0%} of bare"
                f"  p50 {figures['p50_ms']:6.1f} ms  p95 {figures['p95_ms']:6.1f} ms"
                f"  server CPU {cpu_ms:5.1f} ms/request ({figures['bare_cpu_share']:4.0%} of bare's)",
                flush=True,
            )
        print("targets: each page ≥ 70 % of the bare view, p95 < 100 ms at 50 concurrent clients")
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
