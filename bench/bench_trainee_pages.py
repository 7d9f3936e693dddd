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

Three phases (ADR 0026):
- **saturated**: 50 clients send their requests back to back as the demo trainee. Her pages are
  kept (``lms/pagecache.py``) after the first request, as when a trainee opens a page again with
  nothing changed. At saturation a latency is only 50 ÷ the throughput (Little's law), so p95
  here says how many requests per second the server answers, not how long a trainee waits.
- **paced**: the same 50 clients, each waiting a think time between its requests (uniform 0–2 ×
  $BENCH_PAGE_THINK, 1 s): the latency a trainee sees when 50 are at work at once.
- **first visits**: 50 other trainees (each with a course they learn, in its home), 50 at once,
  each opening every page once: nothing of theirs is kept yet, so each page is computed, as after
  a change.

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
import random
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
THINK = float(os.environ.get("BENCH_PAGE_THINK", 1.0))
PAGES = ("bare view", "catalogue", "course page", "course home", "my learning")


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


def prepare(env: dict[str, str]) -> tuple[dict[str, str], str, list[tuple[str, dict[str, str]]]]:
    """Migrate, load the demo, sign the demo trainee in; returns the pages' paths, her session and,
    for CLIENTS other trainees, their session and their own pages' paths."""
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
    catalogue = CatalogueIndexPage.objects.live().first().url

    def pages_of(course: CoursePage) -> dict[str, str]:
        return {
            "bare view": "/bench/bare",
            "catalogue": catalogue,
            "course page": course.url,
            "course home": reverse("courses:course_home", args=[course.pk]),
            "my learning": reverse("courses:my_learning"),
        }

    client = Client()
    client.force_login(trainee)
    # Other trainees, each with the course they learn last (its home answers them).
    others = []
    seen = {trainee.pk}
    for other in (
        Enrolment.objects.filter(
            state__in=("active", "approved", "completed", "failed"), cohort__course__live=True
        )
        .select_related("user")
        .order_by("-requested_at")
    ):
        if other.user_id in seen:
            continue
        seen.add(other.user_id)
        session = Client()
        session.force_login(other.user)
        others.append(
            (session.cookies["sessionid"].value, pages_of(CoursePage.objects.get(pk=other.cohort.course_id)))
        )
        if len(others) == CLIENTS:
            break
    return pages_of(course), client.cookies["sessionid"].value, others


def _get(port: int, path: str, headers: dict) -> tuple[int, float]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, (time.perf_counter() - started) * 1000


def _client_process(
    port: int, targets: list[tuple[str, dict]], count: int, threads: int, think: float
) -> tuple[list[float], list]:
    """``threads`` clients in this process, each sending its share of ``count`` requests in turn
    (the i-th to ``targets[i % len(targets)]``: a path and its headers), waiting up to 2 × ``think``
    seconds before each."""
    timings: list[float] = []
    failures: list = []
    lock = threading.Lock()

    def client(index: int, share: int) -> None:
        for _ in range(share):
            if think:
                time.sleep(random.uniform(0, 2 * think))
            status, ms = _get(port, *targets[index % len(targets)])
            with lock:
                timings.append(ms)
                if status != 200:
                    failures.append(status)

    workers = [
        threading.Thread(target=client, args=(i, count // threads + (i < count % threads)))
        for i in range(threads)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return timings, failures


def load(
    server: Server, targets: list[tuple[str, dict]], count: int, *, think: float = 0
) -> tuple[float, float, list[float]]:
    """``count`` requests from CLIENTS concurrent clients: the seconds it took, the server's CPU
    seconds, and each latency (ms). ``targets``: (path, headers), one per client, or one for all."""
    shares = [count // PROCESSES + (i < count % PROCESSES) for i in range(PROCESSES)]
    threads = CLIENTS // PROCESSES
    with multiprocessing.Pool(PROCESSES) as pool:
        cpu = server.cpu_seconds()
        started = time.perf_counter()
        parts = pool.starmap(
            _client_process,
            [
                (
                    server.port,
                    targets[p * threads : (p + 1) * threads] or targets,
                    share,
                    threads,
                    think,
                )
                for p, share in enumerate(shares)
            ],
        )
        elapsed = time.perf_counter() - started
        cpu = server.cpu_seconds() - cpu
    failures = [status for _, failed in parts for status in failed]
    if failures:
        sys.exit(f"{targets[0][0]}: HTTP {failures[0]} ({len(failures)} failures)")
    return elapsed, cpu, [ms for timings, _ in parts for ms in timings]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * share) - 1)]


def figures(seconds: float, cpu: float, timings: list[float]) -> dict:
    return {
        "per_s": round(len(timings) / seconds, 1),
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(percentile(timings, 0.95), 1),
        "server_cpu_ms": round(1000 * cpu / len(timings), 2),
    }


def report(phase: str, pages: dict[str, dict]) -> None:
    """Each page's figures, and its share of the bare view's requests per second and CPU."""
    bare = pages["bare view"]
    print(f"-- {phase}", flush=True)
    for name, page in pages.items():
        page["vs_bare"] = round(page["per_s"] / bare["per_s"], 3)
        page["bare_cpu_share"] = round(bare["server_cpu_ms"] / page["server_cpu_ms"], 3)
        print(
            f"{name:<12} {page['per_s']:7.1f} req/s  {page['vs_bare']:6.0%} of bare"
            f"  p50 {page['p50_ms']:6.1f} ms  p95 {page['p95_ms']:6.1f} ms"
            f"  server CPU {page['server_cpu_ms']:5.1f} ms/request ({page['bare_cpu_share']:4.0%} of bare's)",
            flush=True,
        )


def main() -> None:
    requests = int(os.environ.get("BENCH_PAGE_REQUESTS", 600))
    with postgres() as database_url, redis() as redis_url:
        env = environment(database_url, redis_url)
        paths, session, others = prepare(env)
        # What the reverse proxy in front of production adds: the request came over HTTPS.
        proxy = {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}
        headers = {"Cookie": f"sessionid={session}", **proxy}
        results = {
            "clients": CLIENTS,
            "requests_per_page": requests,
            "cpus": os.cpu_count(),
            "think_s": THINK,
        }
        with gunicorn_server(env, ready="/health/") as server:
            for path in paths.values():
                load(server, [(path, headers)], CLIENTS)  # warm every worker's caches
            # Each of the other trainees opens each of their pages once: nothing of theirs is kept.
            results["first visits"] = {
                name: figures(
                    *load(
                        server,
                        [(pages[name], {"Cookie": f"sessionid={other}", **proxy}) for other, pages in others],
                        len(others),
                    )
                )
                for name in PAGES
            }
            seconds = dict.fromkeys(paths, 0.0)
            cpu = dict.fromkeys(paths, 0.0)
            timings: dict[str, list[float]] = {name: [] for name in paths}
            for _ in range(ROUNDS):
                for name, path in paths.items():
                    elapsed, spent, ms = load(server, [(path, headers)], requests // ROUNDS)
                    seconds[name] += elapsed
                    cpu[name] += spent
                    timings[name] += ms
            results["saturated"] = {name: figures(seconds[name], cpu[name], timings[name]) for name in paths}
            results["paced"] = {
                name: figures(*load(server, [(path, headers)], requests // ROUNDS, think=THINK))
                for name, path in paths.items()
            }
        for phase in ("saturated", "paced", "first visits"):
            report(phase, results[phase])
        print(
            "targets: each page ≥ 70 % of the bare view's requests per second (saturated),"
            " p95 < 100 ms with 50 clients at work (paced)"
        )
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
