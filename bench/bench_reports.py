"""Reports benchmark: the dashboard and every report over 1,000,000 training records and
10,000,000 LRS statements on PostgreSQL, time and peak memory, and the pandas path against a
straightforward per-row ORM approach as a ratio.

    BENCH_DATABASE_URL=postgres://… .venv/bin/python -m bench.bench_reports

Needs PostgreSQL ($BENCH_DATABASE_URL; the database is migrated and filled). $BENCH_RECORDS
(1,000,000) and $BENCH_STATEMENTS (10,000,000) change the sizes; $BENCH_PER_ROW lists the reports
also run the per-row way (funnel,reach,cascade,hubs); $BENCH_MEASURE_ONLY=1 skips filling. The data are generated in SQL
(INSERT … SELECT over generate_series), the statements' indexes dropped while filling and built
again, so that filling takes minutes, not hours. The settings are the production ones as
shipped (bench.settings: DEBUG off, persistent connections).
"""

import os
import sys
import time
import tracemalloc

RECORDS = int(os.environ.get("BENCH_RECORDS", "1000000"))
STATEMENTS = int(os.environ.get("BENCH_STATEMENTS", "10000000"))
PEOPLE, COHORTS_SIZE, TRAINERS, MASTERS, HUBS, ATTEMPTS = RECORDS * 2 // 5, 25, 2000, 100, 30, 200_000


def setup_django() -> None:
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit(
            "BENCH_DATABASE_URL must name a PostgreSQL database (the data are made with generate_series)."
        )
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
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


def measure(function) -> tuple[float, float]:
    """Seconds of one plain run, then the peak Python memory (MiB) of a second, traced run:
    tracing slows allocation, so it never times."""
    started = time.perf_counter()
    function()
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return elapsed, peak


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
    setup_django()
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

    translation.activate("ar")
    everything, nothing = Scope(hub_ids=None, personal_data=False), ReportFilters()
    dashboard(filters=nothing, scope=everything, rtl=True)  # warm the connection and caches
    results = {}
    print(f"{'what':<22}{'pandas s':>10}{'peak MiB':>10}{'per-row s':>11}{'ratio':>8}")
    seconds, peak = measure(lambda: dashboard(filters=nothing, scope=everything, rtl=True))
    print(f"{'dashboard':<22}{seconds:>10.2f}{peak:>10.0f}")
    orm = per_row_orm()
    for key, spec in REPORTS.items():
        seconds, peak = measure(lambda spec=spec: spec.build(filters=nothing, scope=everything))
        line = f"{key:<22}{seconds:>10.2f}{peak:>10.0f}"
        if key in orm:
            slow = timed(orm[key])
            line += f"{slow:>11.2f}{slow / seconds:>8.1f}"
        results[key] = seconds
        print(line)


if __name__ == "__main__":
    main()
