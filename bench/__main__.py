"""The LRS benchmark (issue 4, acceptance 2): PostgreSQL behind gunicorn on this machine.

Measures statements stored per second (POSTs of 100 and single POSTs, 4 concurrent clients), the
two limits they are judged against (a straight batched INSERT into PostgreSQL; a bare Django view
that accepts a POST and does nothing), and query latency (GET by agent, activity, registration)
over 1,000,000 stored statements.

The server runs production's settings as shipped (bench/settings.py adds only the bare view):
persistent database connections, Redis as the cache, requests arriving through a TLS proxy
(``X-Forwarded-Proto: https``). Uses $BENCH_DATABASE_URL if set (the database is migrated and
filled), else starts a throwaway PostgreSQL cluster in a temporary directory on a free loopback
port and removes it afterwards; Redis likewise ($BENCH_REDIS_URL).
Sizes: $BENCH_STATEMENTS (50,000) per write test, $BENCH_TOTAL (1,000,000) for the queries.
"""

import base64
import http.client
import json
import multiprocessing
import os
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 4
# Each figure and its limit are measured in turns, in this many slices (see interleaved).
ROUNDS = 5
AGENTS, ACTIVITIES, REGISTRATIONS, VERBS = 10_000, 1_000, 50_000, 10


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pg_bin() -> Path:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    if not versions:
        sys.exit("PostgreSQL is not installed (make system-test-deps), and BENCH_DATABASE_URL is not set.")
    return versions[-1]


@contextmanager
def postgres() -> Iterator[str]:
    if os.environ.get("BENCH_DATABASE_URL"):
        yield os.environ["BENCH_DATABASE_URL"]
        return
    directory = Path(tempfile.mkdtemp(prefix="tadrib-bench-pg-"))
    port = free_port()
    # Debian's PostgreSQL refuses to run as root: run it as the postgres user then.
    as_root = os.geteuid() == 0

    def run(*args: str) -> None:
        command = [str(a) for a in args]
        if as_root:
            command = ["su", "postgres", "-c", " ".join(command)]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

    if as_root:
        shutil.chown(directory, "postgres")
    bin_dir = _pg_bin()
    run(bin_dir / "initdb", "-D", directory / "data", "-A", "trust", "-U", "postgres")
    options = f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={directory} -c shared_buffers=1GB"
    run(
        bin_dir / "pg_ctl",
        "-D",
        directory / "data",
        "-l",
        directory / "log",
        "-w",
        "-o",
        f"'{options}'",
        "start",
    )
    try:
        run(bin_dir / "createdb", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "tadrib_bench")
        yield f"postgres://postgres@127.0.0.1:{port}/tadrib_bench"
    finally:
        run(bin_dir / "pg_ctl", "-D", directory / "data", "-m", "fast", "stop")
        shutil.rmtree(directory, ignore_errors=True)


@contextmanager
def redis() -> Iterator[str]:
    if os.environ.get("BENCH_REDIS_URL"):
        yield os.environ["BENCH_REDIS_URL"]
        return
    port = free_port()
    directory = tempfile.mkdtemp(prefix="tadrib-bench-redis-")
    process = subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--dir", directory],
        stdout=subprocess.DEVNULL,
    )
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(directory, ignore_errors=True)


def production_environment(database_url: str, redis_url: str) -> dict[str, str]:
    """What lms.settings.production reads from the environment, for a server on 127.0.0.1."""
    return {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }


def make_statement(rng: random.Random) -> dict:
    activity = rng.randrange(ACTIVITIES)
    return {
        "id": str(uuid.uuid4()),
        "actor": {
            "objectType": "Agent",
            "name": "Trainee",
            "mbox": f"mailto:learner{rng.randrange(AGENTS)}@bench.example",
        },
        "verb": {
            "id": f"http://adlnet.gov/expapi/verbs/v{rng.randrange(VERBS)}",
            "display": {"en-US": "did"},
        },
        "object": {
            "objectType": "Activity",
            "id": f"https://tadrib.example/activities/{activity}",
            "definition": {
                "name": {"en-US": f"Activity {activity}"},
                "type": "http://adlnet.gov/expapi/activities/lesson",
            },
        },
        "result": {"score": {"scaled": round(rng.random(), 2)}, "completion": True, "duration": "PT12M"},
        "context": {
            "registration": str(uuid.UUID(int=rng.randrange(REGISTRATIONS) + 1)),
            "platform": "Tadrib",
        },
        "timestamp": "2026-01-15T10:00:00.000Z",
    }


def _client_process(base: str, path: str, headers: dict, bodies: list[bytes]) -> str | None:
    """One client: a process (so that clients do not share a GIL) sending its bodies in turn."""
    from urllib.parse import urlsplit

    address = urlsplit(base)
    for body in bodies:
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        connection.close()
        if response.status != 200:
            return f"{path}: HTTP {response.status}"
    return None


def run_clients(base: str, path: str, headers: dict, jobs: list[bytes]) -> float:
    """Sends ``jobs`` from CLIENTS concurrent client processes; returns the seconds it took."""
    slices = [jobs[index::CLIENTS] for index in range(CLIENTS)]
    with multiprocessing.Pool(CLIENTS) as pool:
        started = time.perf_counter()
        errors = [
            e for e in pool.starmap(_client_process, [(base, path, headers, part) for part in slices]) if e
        ]
        elapsed = time.perf_counter() - started
    if errors:
        sys.exit(f"benchmark request failed: {errors[0]}")
    return elapsed


@dataclass(frozen=True)
class Server:
    """A gunicorn server started by ``gunicorn_server``."""

    base: str
    port: int
    pid: int

    def cpu_seconds(self) -> float:
        """CPU time spent so far by the server's workers and master (user + system, from /proc):
        per request, the figure that other work on the machine does not change."""
        ticks = os.sysconf("SC_CLK_TCK")
        pids = [self.pid]
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children")
        if children.exists():
            pids += [int(pid) for pid in children.read_text().split()]
        total = 0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except FileNotFoundError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / ticks


@contextmanager
def gunicorn_server(env: dict[str, str], *, ready: str, workers: int | None = None) -> Iterator[Server]:
    """gunicorn serving the project with ``env`` on a free loopback port, once ``ready`` answers.

    Sync workers, as many as gunicorn advises (2 × cores + 1) unless ``workers`` says otherwise."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "lms.wsgi:application",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers or 2 * (os.cpu_count() or 2) + 1),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(base + ready, timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        yield Server(base=base, port=port, pid=process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)


@contextmanager
def gunicorn() -> Iterator[str]:
    """The LRS's server: the same one serves the bare view and the LRS."""
    # production_environment() is in os.environ (setup_django).
    with gunicorn_server(dict(os.environ), ready="/xapi/about") as server:
        yield server.base


def setup_django(database_url: str, redis_url: str) -> tuple[str, str]:
    os.environ.update(production_environment(database_url, redis_url))
    import django

    django.setup()
    from django.core.management import call_command

    from content.lrs.services import lrs_client_create

    call_command("migrate", verbosity=0)
    client, secret = lrs_client_create(name="Benchmark")
    return client.key, secret


def straight_insert(database_url: str, count: int, seed: int = 7) -> float:
    """The database's own limit: the same rows, batched multi-row INSERTs, 4 connections.

    Returns the seconds it took."""
    import psycopg

    rng = random.Random(seed)
    batches = []
    for _ in range(count // 100):
        rows = []
        for _ in range(100):
            data = make_statement(rng)
            rows.append(
                (
                    data["id"],
                    json.dumps(data),
                    data["actor"]["mbox"],
                    data["verb"]["id"],
                    data["object"]["id"],
                    data["context"]["registration"],
                )
            )
        batches.append(rows)
    sql = (
        "INSERT INTO content_statement (statement_id, data, stored, timestamp, actor_ifi, verb_id,"
        " object_activity_id, object_agent_ifi, registration, voided) VALUES "
    )
    queue = list(batches)
    lock = threading.Lock()

    def worker() -> None:
        with psycopg.connect(database_url) as connection:
            while True:
                with lock:
                    if not queue:
                        return
                    rows = queue.pop()
                values = ",".join(
                    ["(%s, %s, now(), now(), 'mbox:' || %s, %s, %s, '', %s, false)"] * len(rows)
                )
                with connection.transaction():
                    connection.execute(sql + values, [v for row in rows for v in row])

    threads = [threading.Thread(target=worker) for _ in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def interleaved(*measures: tuple[list, Callable[[list], float]]) -> list[float]:
    """Runs each measure on its jobs in ROUNDS slices, taking turns, and returns each one's jobs
    per second. Other work on the machine then weighs on a figure and on its limit alike."""
    seconds = [0.0] * len(measures)
    for round_ in range(ROUNDS):
        for index, (jobs, run) in enumerate(measures):
            seconds[index] += run(jobs[round_::ROUNDS])
    return [len(jobs) / spent for (jobs, _), spent in zip(measures, seconds, strict=True)]


FILL_SQL = """
INSERT INTO content_statement (statement_id, data, stored, timestamp, actor_ifi, verb_id,
    object_activity_id, object_agent_ifi, registration, voided, client_id)
SELECT s.id, jsonb_build_object(
        'id', s.id, 'version', '1.0.0', 'stored', to_char(s.stored at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'timestamp', to_char(s.stored at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'actor', jsonb_build_object('objectType', 'Agent', 'mbox', s.mbox),
        'verb', jsonb_build_object('id', s.verb, 'display', jsonb_build_object('en-US', 'did')),
        'object', jsonb_build_object('objectType', 'Activity', 'id', s.activity),
        'result', jsonb_build_object('completion', true, 'duration', 'PT12M'),
        'context', jsonb_build_object('registration', s.registration),
        'authority', jsonb_build_object('objectType', 'Agent', 'account',
            jsonb_build_object('homePage', 'http://localhost:8000', 'name', 'bench'))),
    s.stored, s.stored, 'mbox:' || s.mbox, s.verb, s.activity, '', s.registration::uuid, false, NULL
FROM (
    SELECT gen_random_uuid() AS id,
           now() - make_interval(secs => g) AS stored,
           'mailto:learner' || (mod(g, %(agents)s)) || '@bench.example' AS mbox,
           'http://adlnet.gov/expapi/verbs/v' || (mod(g, %(verbs)s)) AS verb,
           'https://tadrib.example/activities/' || (mod(g, %(activities)s)) AS activity,
           lpad(to_hex(mod(g, %(registrations)s) + 1), 32, '0')::uuid::text AS registration
    FROM generate_series(%(start)s::int, %(stop)s::int) AS g
) AS s
"""


def fill(database_url: str, total: int) -> int:
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as connection:
        have = connection.execute("SELECT count(*) FROM content_statement").fetchone()[0]
        start = 1
        while have < total:
            stop = start + min(100_000, total - have) - 1
            connection.execute(
                FILL_SQL,
                {
                    "agents": AGENTS,
                    "verbs": VERBS,
                    "activities": ACTIVITIES,
                    "registrations": REGISTRATIONS,
                    "start": start,
                    "stop": stop,
                },
            )
            have += stop - start + 1
            start = stop + 1
        connection.execute("ANALYZE content_statement")
        return connection.execute("SELECT count(*) FROM content_statement").fetchone()[0]


def latencies(base: str, headers: dict, name: str, values: list[str], rounds: int) -> dict:
    rng = random.Random(3)
    timings = []
    with httpx.Client(timeout=30, headers=headers) as http:
        for index in range(rounds + 20):
            started = time.perf_counter()
            response = http.get(base + "/xapi/statements", params={name: rng.choice(values)})
            elapsed = time.perf_counter() - started
            assert response.status_code == 200, response.text
            if index >= 20:  # the first 20 warm the caches
                timings.append(elapsed * 1000)
    timings.sort()
    return {
        "p50": statistics.median(timings),
        "p95": timings[int(len(timings) * 0.95) - 1],
        "p99": timings[int(len(timings) * 0.99) - 1],
    }


def main() -> None:
    count = int(os.environ.get("BENCH_STATEMENTS", 50_000))
    total = int(os.environ.get("BENCH_TOTAL", 1_000_000))
    rounds = int(os.environ.get("BENCH_QUERIES", 300))
    sys.path.insert(0, str(ROOT))
    with postgres() as database_url, redis() as redis_url:
        key, secret = setup_django(database_url, redis_url)
        auth = "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()
        headers = {
            "Authorization": auth,
            "X-Experience-API-Version": "1.0.3",
            "Content-Type": "application/json",
            # As from the TLS proxy production sits behind (else it redirects to https).
            "X-Forwarded-Proto": "https",
        }
        rng = random.Random(1)
        results: dict = {"statements": count, "total": total, "clients": CLIENTS}
        with gunicorn() as base:
            singles = [json.dumps(make_statement(rng)).encode() for _ in range(count)]
            results["bare_view_per_s"], results["single_per_s"] = interleaved(
                (singles, lambda jobs: run_clients(base, "/bench/noop", headers, jobs)),
                (singles, lambda jobs: run_clients(base, "/xapi/statements", headers, jobs)),
            )
            print(f"bare view:       {results['bare_view_per_s']:8.0f} requests/s", flush=True)
            print(f"single POSTs:    {results['single_per_s']:8.0f} statements/s", flush=True)
            batches = [
                json.dumps([make_statement(rng) for _ in range(100)]).encode() for _ in range(count // 100)
            ]
            # Jobs of 100 statements: a batch to POST, a batch of rows to INSERT (seeded apart).
            batches_per_s, inserts_per_s = interleaved(
                (batches, lambda jobs: run_clients(base, "/xapi/statements", headers, jobs)),
                (
                    list(range(count // 100)),
                    lambda jobs: straight_insert(database_url, 100 * len(jobs), seed=jobs[0]),
                ),
            )
            results["batched_per_s"], results["straight_insert_per_s"] = (
                100 * batches_per_s,
                100 * inserts_per_s,
            )
            print(f"batched POSTs:   {results['batched_per_s']:8.0f} statements/s", flush=True)
            print(f"straight INSERT: {results['straight_insert_per_s']:8.0f} rows/s", flush=True)
            results["stored"] = fill(database_url, total)
            print(f"stored statements for the queries: {results['stored']}", flush=True)
            agents = [json.dumps({"mbox": f"mailto:learner{i}@bench.example"}) for i in range(AGENTS)]
            activities = [f"https://tadrib.example/activities/{i}" for i in range(ACTIVITIES)]
            registrations = [str(uuid.UUID(int=i + 1)) for i in range(REGISTRATIONS)]
            query_headers = {k: v for k, v in headers.items() if k != "Content-Type"}
            for name, values in (
                ("agent", agents),
                ("activity", activities),
                ("registration", registrations),
            ):
                results[f"query_{name}_ms"] = figures = latencies(base, query_headers, name, values, rounds)
                print(
                    f"GET by {name:<12} p50 {figures['p50']:6.1f} ms  p95 {figures['p95']:6.1f} ms  p99 {figures['p99']:6.1f} ms",
                    flush=True,
                )
        results["batched_vs_insert"] = results["batched_per_s"] / results["straight_insert_per_s"]
        results["single_vs_bare"] = results["single_per_s"] / results["bare_view_per_s"]
        print(f"batched / straight INSERT: {results['batched_vs_insert']:.0%} (target ≥ 25%)")
        print(f"single / bare view:        {results['single_vs_bare']:.0%} (target ≥ 30%)")
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
