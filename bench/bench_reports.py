"""Reports benchmark: the dashboard and every report over 1,000,000 training records and
10,000,000 LRS statements on PostgreSQL, time and peak memory, and the pandas path against a
straightforward per-row ORM approach as a ratio.

    .venv/bin/python -m bench.bench_reports                       # fill once, then measure
    BENCH_MEASURE_ONLY=1 .venv/bin/python -m bench.bench_reports  # measure the data already there

The data live in a PostgreSQL cluster kept between runs, outside the repository, in
$BENCH_REPORTS_PGDATA (/work/scratch/benchpg-reports): the first run creates it, every run starts it
on a free loopback port and stops it afterwards, so the data are generated once (they take tens of
minutes). $BENCH_DATABASE_URL uses an existing database instead. $BENCH_RECORDS (1,000,000) and
$BENCH_STATEMENTS (10,000,000) change the sizes; $BENCH_PER_ROW lists the reports also run the
per-row way (funnel,reach,cascade,hubs); $BENCH_MEASURE_ONLY=1 skips filling. The data are
generated in SQL (INSERT … SELECT over generate_series), the statements' indexes dropped while
filling and built again. The settings are the production ones as shipped (bench.settings: DEBUG
off, persistent connections).
"""

import os
import secrets
import shutil
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.__main__ import _pg_bin, free_port

RECORDS = int(os.environ.get("BENCH_RECORDS", "1000000"))
STATEMENTS = int(os.environ.get("BENCH_STATEMENTS", "10000000"))
PEOPLE, COHORTS_SIZE, TRAINERS, MASTERS, HUBS, ATTEMPTS = RECORDS * 2 // 5, 25, 2000, 100, 30, 200_000


PGDATA = Path(os.environ.get("BENCH_REPORTS_PGDATA", "/work/scratch/benchpg-reports"))


@contextmanager
def kept_postgres() -> Iterator[str]:
    """A PostgreSQL cluster whose data stay in PGDATA between runs (started here, stopped after;
    one already running there is used as it is and left running)."""
    if os.environ.get("BENCH_DATABASE_URL"):
        yield os.environ["BENCH_DATABASE_URL"]
        return
    as_root = os.geteuid() == 0  # Debian's PostgreSQL refuses to run as root: run it as postgres.

    def run(*args, check=True) -> subprocess.CompletedProcess:
        command = [str(a) for a in args]
        if as_root:
            command = ["su", "postgres", "-c", " ".join(command)]
        # Unchecked commands may fail as expected (the database exists already): say nothing then.
        quiet = None if check else subprocess.DEVNULL
        return subprocess.run(command, check=check, stdout=subprocess.DEVNULL, stderr=quiet)

    bin_dir, data = _pg_bin(), PGDATA / "data"
    if not data.exists():
        PGDATA.mkdir(parents=True, exist_ok=True)
        if as_root:
            shutil.chown(PGDATA, "postgres")
        run(bin_dir / "initdb", "-D", data, "-A", "trust", "-U", "postgres")
    started = run(bin_dir / "pg_ctl", "-D", data, "status", check=False).returncode != 0
    if started:
        port = free_port()
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={PGDATA}"
            " -c shared_buffers=1GB -c fsync=off -c max_wal_size=8GB"
        )
        run(
            bin_dir / "pg_ctl",
            "-D",
            data,
            "-l",
            PGDATA / "log",
            "-w",
            "-t",
            "600",
            "-o",
            f"'{options}'",
            "start",
        )
        run(
            bin_dir / "createdb", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "tadrib_bench", check=False
        )
    else:
        # postmaster.pid: pid, data directory, start time, port, …
        port = int((data / "postmaster.pid").read_text().splitlines()[3])
    try:
        yield f"postgres://postgres@127.0.0.1:{port}/tadrib_bench"
    finally:
        if started:
            run(bin_dir / "pg_ctl", "-D", data, "-m", "fast", "-t", "600", "stop")


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    # What production refuses to start without; nothing here is served.
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def fill() -> dict:
    """Dimensions through the models (a programme page, hubs, a user, packages), facts in SQL."""
    from django.db import connection
    from wagtail.models import Page

    from analytics.records.models import Target, TrainingRecord
    from courses.models import ProgrammePage
    from lms.people.models import Governorate, TrainingHub

    programme = ProgrammePage.objects.first()
    if programme is None:
        home = (
            Page.objects.get(depth=2) if Page.objects.filter(depth=2).exists() else Page.objects.get(depth=1)
        )
        programme = home.add_child(
            instance=ProgrammePage(
                title="برنامج الحكومة الإلكترونية", slug="bench-programme", summary="برنامج"
            )
        )
    governorates = list(Governorate.objects.order_by("pk").values_list("pk", flat=True))
    if TrainingHub.objects.count() < HUBS:
        TrainingHub.objects.bulk_create(
            [
                TrainingHub(name_ar=f"مركز {n}", governorate_id=governorates[n % len(governorates)])
                for n in range(HUBS)
            ]
        )
    hubs = list(TrainingHub.objects.order_by("pk").values_list("pk", flat=True))[:HUBS]
    if not Target.objects.exists():
        Target.objects.bulk_create(
            [
                Target(programme=programme, year=y, governorate_id=None, people=PEOPLE // 2)
                for y in (2025, 2026)
            ]
            + [
                Target(programme=programme, year=y, governorate_id=g, people=PEOPLE // 40)
                for y in (2025, 2026)
                for g in governorates
            ]
        )
    table = TrainingRecord._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")
        if cursor.fetchone()[0] < RECORDS:
            cursor.execute(f"TRUNCATE {table}")
            cursor.execute(
                f"""
                INSERT INTO {table} (enrolment_id, person_id, cohort_id, course_id, programme_id, governorate_id,
                  organisation_id, hub_id, gender, role, trainer_id, master_trainer_id, enrolled_on, starts_on,
                  ends_on, completed_on, status, seated, capacity, score, sessions_held, sessions_attended,
                  pre_score, post_score, certificate_status, certificate_issued_on, certificate_expires_on,
                  certificate_revoked_on, refreshed_at)
                SELECT g, p, c, 1000 + c %% 12, %(programme)s,
                  (%(governorates)s::bigint[])[1 + p %% %(ngov)s],
                  CASE WHEN p %% 20 = 0 THEN NULL ELSE 1 + p %% 300 END,
                  (%(hubs)s::bigint[])[1 + c %% %(nhub)s],
                  CASE WHEN p %% 2 = 0 THEN 'female' ELSE 'male' END, 'trainee',
                  1000000 + c %% {TRAINERS}, 2000000 + (c %% {TRAINERS}) %% {MASTERS},
                  start - 10, start, start + 5,
                  CASE WHEN r < 0.7 THEN start + 5 END,
                  CASE WHEN r < 0.7 THEN 'completed' WHEN r < 0.8 THEN 'failed' WHEN r < 0.9 THEN 'withdrawn'
                       WHEN r < 0.95 THEN 'active' ELSE 'enrolled' END,
                  r < 0.95, 30, round((50 + 50 * r2)::numeric, 2), 4, (4 * r2)::int,
                  CASE WHEN r2 < 0.6 THEN round((30 + 40 * r2)::numeric, 2) END,
                  CASE WHEN r2 < 0.6 THEN round((50 + 45 * r2)::numeric, 2) END,
                  CASE WHEN r < 0.6 THEN 'issued' WHEN r < 0.62 THEN 'revoked' ELSE '' END,
                  CASE WHEN r < 0.62 THEN start + 6 END,
                  CASE WHEN r < 0.62 THEN start + 6 + 730 END,
                  CASE WHEN r >= 0.6 AND r < 0.62 THEN start + 60 END,
                  now()
                FROM (
                  SELECT g, (g::bigint * 7919) %% {PEOPLE} + 1 AS p, g / {COHORTS_SIZE} AS c, random() AS r, random() AS r2,
                         DATE '2025-01-01' + ((g / {COHORTS_SIZE}) %% 700)::int AS start
                  FROM generate_series(1, {RECORDS}) AS g
                ) AS rows
                """,
                {
                    "programme": programme.pk,
                    "governorates": governorates,
                    "ngov": len(governorates),
                    "hubs": hubs,
                    "nhub": len(hubs),
                },
            )
            cursor.execute(f"ANALYZE {table}")
        fill_statements(cursor)
    return {"programme": programme.pk, "hubs": hubs, "governorates": governorates}


def fill_statements(cursor) -> None:
    from content.lrs.models import Statement
    from content.packages.models import ContentPackage, ContentPackageVersion
    from content.runtime.models import Attempt
    from lms.people.models import User

    table = Statement._meta.db_table
    cursor.execute(f"SELECT count(*) FROM {table}")
    if cursor.fetchone()[0] >= STATEMENTS:
        return
    author = User.objects.filter(employee_number="BENCH-AUTHOR").first() or User.objects.create(
        employee_number="BENCH-AUTHOR", full_name_ar="مؤلف"
    )
    versions = []
    for n in range(20):
        package = ContentPackage.objects.create(title=f"حزمة {n}", kind="xapi", created_by=author)
        versions.append(
            ContentPackageVersion.objects.create(
                package=package,
                number=1,
                kind="xapi",
                storage_prefix=f"bench/{package.pk}",
                size=1,
                sha256="0" * 64,
                uploaded_by=author,
            ).pk
        )
    attempts = Attempt._meta.db_table
    cursor.execute(
        f"""
        INSERT INTO {attempts} (user_id, version_id, registration, state, last_sequence, sessions, completed,
          total_seconds, is_reset, is_preview, started_at, updated_at)
        SELECT %(author)s, (%(versions)s::bigint[])[1 + g %% 20], md5(g::text)::uuid, '{{}}', 0, 1, g %% 3 <> 0,
          60 + g %% 3600, false, false, now(), now()
        FROM generate_series(1, {ATTEMPTS}) AS g
        """,
        {"author": author.pk, "versions": versions},
    )
    indexes = [index.name for index in Statement._meta.indexes]
    for name in indexes:
        cursor.execute(f"DROP INDEX IF EXISTS {name}")
    cursor.execute(
        f"""
        INSERT INTO {table} (statement_id, data, stored, timestamp, actor_ifi, verb_id, object_activity_id,
          object_agent_ifi, registration, voided)
        SELECT gen_random_uuid(), '{{"verb": {{"id": "http://adlnet.gov/expapi/verbs/experienced"}}}}'::jsonb,
          now() - (g || ' seconds')::interval, now() - (g || ' seconds')::interval,
          'mbox:mailto:p' || (g % 400000) || '@example.iq', 'http://adlnet.gov/expapi/verbs/experienced',
          'https://tadrib.example/activity/' || (g % 500), '', md5((1 + g % {ATTEMPTS})::text)::uuid, false
        FROM generate_series(1, {STATEMENTS}) AS g
        """
    )
    from django.db import connection

    with connection.schema_editor() as editor:
        for index in Statement._meta.indexes:
            editor.add_index(Statement, index)
    cursor.execute(f"ANALYZE {table}")


def server_cpu() -> float | None:
    """CPU seconds used so far by the benchmark's PostgreSQL cluster: its processes' own, and
    (through the postmaster's children's total) those of parallel workers that have ended. Not
    known for a database given by $BENCH_DATABASE_URL."""
    if os.environ.get("BENCH_DATABASE_URL"):
        return None
    postmaster = int((PGDATA / "data" / "postmaster.pid").read_text().split()[0])
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # After the command's name: state ppid … utime(11) stime(12) cutime(13) cstime(14).
            values = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        if pid == postmaster:
            ticks += sum(int(v) for v in values[11:15])
        elif int(values[1]) == postmaster:
            ticks += int(values[11]) + int(values[12])
    return ticks / os.sysconf("SC_CLK_TCK")


class Measured:
    """One operation: wall seconds and CPU seconds (this process; the database's) of a plain run,
    then the peak Python memory (MiB) of a second, traced run (tracing slows allocation, so it
    never times). CPU seconds hardly change with the machine's load; wall seconds do."""

    def __init__(self, function) -> None:
        server, started, cpu = server_cpu(), time.perf_counter(), time.process_time()
        function()
        self.wall = time.perf_counter() - started
        self.cpu = time.process_time() - cpu
        self.server = None if server is None else server_cpu() - server
        tracemalloc.start()
        function()
        self.peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()

    def line(self, what: str) -> str:
        server = "" if self.server is None else f"{self.server:.2f}"
        return f"{what:<34}{self.wall:>9.2f}{self.cpu:>9.2f}{server:>9}{self.peak:>9.0f}"


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def per_row_orm() -> dict:
    """The straightforward approach: iterate the rows as model instances and count in Python."""
    from collections import defaultdict

    from analytics.records.models import TrainingRecord

    def funnel():
        counts = defaultdict(int)
        for record in TrainingRecord.objects.all().iterator(chunk_size=5000):
            counts["enrolled"] += 1
            counts["began"] += record.status in ("active", "completed", "failed")
            counts["completed"] += record.status == "completed"
        return counts

    def reach():
        first = {}
        for record in TrainingRecord.objects.filter(status="completed").iterator(chunk_size=5000):
            month = record.completed_on.strftime("%Y-%m")
            first[record.person_id] = min(first.get(record.person_id, month), month)
        return len(first)

    def cascade():
        people, trainers = defaultdict(set), defaultdict(set)
        for record in TrainingRecord.objects.all().iterator(chunk_size=5000):
            trainers[record.master_trainer_id].add(record.trainer_id)
            if record.status == "completed":
                people[record.master_trainer_id].add(record.person_id)
        return {m: len(p) / len(trainers[m]) for m, p in people.items()}

    def hubs():
        seen, offered, filled = set(), defaultdict(int), defaultdict(int)
        for record in TrainingRecord.objects.all().iterator(chunk_size=5000):
            if record.cohort_id not in seen:
                seen.add(record.cohort_id)
                offered[record.hub_id] += record.capacity
            filled[record.hub_id] += record.seated
        return offered, filled

    chosen = os.environ.get("BENCH_PER_ROW", "funnel,reach,cascade,hubs").split(",")
    return {
        key: f
        for key, f in {"funnel": funnel, "reach": reach, "cascade": cascade, "hubs": hubs}.items()
        if key in chosen
    }


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # each figure as it comes, also into a log file
    with kept_postgres() as url:
        run(url)


def run(url: str) -> None:
    setup_django(url)
    started = time.perf_counter()
    # $BENCH_MEASURE_ONLY=1 measures the data already there (another run filling it meanwhile).
    if not os.environ.get("BENCH_MEASURE_ONLY"):
        fill()
    print(
        f"data ready in {time.perf_counter() - started:.0f} s: {RECORDS:,} records, {STATEMENTS:,} statements"
    )
    from django.utils import translation

    from analytics.dashboard.overview import dashboard
    from analytics.reports import REPORTS
    from analytics.reports.access import Scope
    from analytics.reports.filters import ReportFilters
    from analytics.summaries import queries
    from analytics.summaries.models import Figure
    from analytics.summaries.services import summaries_rebuild

    print(f"{'what':<34}{'wall s':>9}{'cpu s':>9}{'db cpu s':>9}{'peak MiB':>9}{'per-row s':>11}{'ratio':>8}")
    # The facts were written in SQL: count the summaries as analytics_rebuild does after its rows.
    print(Measured(summaries_rebuild).line("summaries rebuild"), f"({Figure.objects.count():,} figures)")
    translation.activate("ar")
    everything, nothing = Scope(hub_ids=None, personal_data=False), ReportFilters()
    from analytics.records.models import TrainingRecord

    first = TrainingRecord.objects.order_by("pk").values("governorate_id", "hub_id").first()
    one_hub = Scope(hub_ids=frozenset({first["hub_id"]}), personal_data=False)
    dashboards = {
        "dashboard": (nothing, everything),
        "dashboard, one governorate": (ReportFilters(governorate=first["governorate_id"]), everything),
        "dashboard, a hub coordinator": (nothing, one_hub),
        "dashboard, governorate + gender": (
            ReportFilters(governorate=first["governorate_id"], gender="female"),
            everything,
        ),
    }
    dashboard(filters=nothing, scope=everything, rtl=True)  # warm the connection and caches
    for what, (filters, scope) in dashboards.items():
        print(Measured(lambda f=filters, s=scope: dashboard(filters=f, scope=s, rtl=True)).line(what))
    # The same without summaries: what every request cost before them (and still costs when the
    # summaries lag too far or the request is narrower than a slice).
    counted_ahead = queries.state
    queries.state = lambda: None
    try:
        print(
            Measured(lambda: dashboard(filters=nothing, scope=everything, rtl=True)).line(
                "dashboard, fact table"
            )
        )
    finally:
        queries.state = counted_ahead
    orm = per_row_orm()
    for key, spec in REPORTS.items():
        print(Measured(lambda spec=spec: spec.build(filters=nothing, scope=everything)).line(key))
        if key not in orm:
            continue
        # Against the per-row way, the pandas path over the fact table (no summaries).
        queries.state = lambda: None
        try:
            pandas = timed(lambda spec=spec: spec.build(filters=nothing, scope=everything))
        finally:
            queries.state = counted_ahead
        slow = timed(orm[key])
        print(f"{key + ', fact table':<34}{pandas:>9.2f}{'':>27}{slow:>11.2f}{slow / pandas:>8.1f}")


if __name__ == "__main__":
    main()
