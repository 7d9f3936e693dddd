"""Quiz answers under load (issue 11, acceptance 5): 500 trainees take the same timed quiz at once.

    .venv/bin/python -m bench.bench_quiz_answers            # the load test, with locust
    .venv/bin/python -m bench.bench_quiz_answers profile    # CPU per answer save, and its profile

The load test: gunicorn, PostgreSQL and Redis with the production settings as shipped
(``bench/settings.py``: production's, plus the yardstick views of ``bench/urls.py``), started as
the LRS benchmark starts them (``bench/__main__.py``). A timed quiz (30 minutes, one attempt,
questions and choices shuffled) of the demo bank's 30 questions, in an open cohort of
$BENCH_QUIZ_TRAINEES (500) trainees, each signed in beforehand. locust then runs
``bench/locustfile_quiz.py``: every trainee opens the quiz, starts an attempt, reads its page,
saves each answer through the endpoint the page's script posts to, and submits. In the same run,
in turns that all trainees take together, each trainee also posts a bare Django view as often as
it saves answers (``bench/post``: CSRF checked, session needed, one row written), the yardstick.
Printed: requests, errors (any status outside 2xx/3xx), p50/p95/p99 and requests per second of
each, and their ratio; exit status 1 if any request failed. $BENCH_QUIZ_THINK sets the mean
seconds a trainee waits before each request (0: all at once, the server saturated).

The profile: the same quiz and settings in this process, no gunicorn: $BENCH_PROFILE_TRAINEES
(20) trainees save every answer through Django's test client (the whole middleware stack, CSRF
checked), timed with ``time.process_time`` (this process's CPU, the database's apart), with the
queries counted on one more trainee and a pyinstrument profile of another written to
var/bench/answer-save.html.
"""

import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.__main__ import gunicorn, postgres, production_environment, redis  # noqa: E402
from bench.quiz_page import answers, csrf_token  # noqa: E402

TRAINEES = int(os.environ.get("BENCH_QUIZ_TRAINEES", "500"))
PROFILE_TRAINEES = int(os.environ.get("BENCH_PROFILE_TRAINEES", "20"))
THINK = os.environ.get("BENCH_QUIZ_THINK", "0")
# The answers are saved in this many turns, each after the same number of bare POSTs, so that
# other work on the machine weighs on both alike.
TURNS = 2
SPAWN_RATE = 100  # trainees started per second
SAVE, BARE = "answer save", "bare POST"


def environment(database_url: str, redis_url: str) -> dict[str, str]:
    """Production's environment (``bench/__main__.py``), with tasks queued in Redis as production
    queues them for its worker (none runs here: the web tier is measured)."""
    return {**production_environment(database_url, redis_url), "CELERY_BROKER_URL": redis_url[:-1] + "1"}


def prepare(trainees: int) -> dict:
    """Migrate; create the quiz, the trainees and their sessions; returns the plan for locust."""
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from bench.urls import POST_TABLE
    from certification.assessment.bank.models import QuestionCategory
    from certification.assessment.bank.services import question_create
    from certification.assessment.demo_bank import BANK
    from certification.assessment.quizzes.models import Quiz
    from certification.assessment.quizzes.services import quiz_create, quiz_question_add
    from courses.enrolment.services import enrolment_request
    from courses.models import Activity, CatalogueIndexPage, Cohort, CourseModule, CoursePage
    from lms import api as lms_api
    from lms.api import NewPersonData

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    call_command("catalogues_compile", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {POST_TABLE} (id bigserial PRIMARY KEY, user_id bigint NOT NULL,"
            " body text NOT NULL, at timestamptz NOT NULL DEFAULT now())"
        )
    stamp = time.time_ns()
    catalogue = CatalogueIndexPage.objects.first()
    if catalogue is None:
        from wagtail.models import Site

        catalogue = CatalogueIndexPage(title="الدورات", slug="catalogue")
        Site.objects.get(is_default_site=True).root_page.add_child(instance=catalogue)
    course = CoursePage(
        title="الحكومة الإلكترونية: الاختبار النهائي", slug=f"bench-quiz-{stamp}", summary="—"
    )
    catalogue.add_child(instance=course)
    today = timezone.localdate()
    cohort = Cohort.objects.create(
        course=course, title="Bench", starts_on=today - datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=5), capacity=trainees,
    )  # fmt: skip
    module = CourseModule.objects.create(course=course, title="الاختبار", position=1)
    activity = Activity.objects.create(
        module=module, title="الاختبار النهائي", kind=Activity.Kind.QUIZ, position=1
    )
    quiz = quiz_create(
        activity=activity, purpose=Quiz.Purpose.POST_TEST, time_limit_minutes=30, attempts_allowed=1,
        shuffle_questions=True, shuffle_choices=True, pass_mark=60,
    )  # fmt: skip
    for name, questions in BANK.values():
        category = QuestionCategory.objects.create(name=f"{name} {stamp}")
        for kind, text, data in questions:
            quiz_question_add(
                quiz=quiz, question=question_create(category=category, kind=kind, text=text, data=data)
            )
    people = lms_api.people_create_many(
        people=[
            NewPersonData(full_name_ar=f"متدرب {n}", email=f"trainee{n}.{stamp}@bench.tadrib.iq")
            for n in range(trainees)
        ]
    )
    sessions = []
    for person in people:
        enrolment_request(user=person, cohort=cohort)
        client = Client()
        client.force_login(person)
        sessions.append(client.cookies["sessionid"].value)
    return {"quiz_path": f"/assessment/activity/{activity.pk}/", "sessions": sessions, "turns": TURNS}


def percentile(ordered: list[float], share: float) -> float:
    return ordered[max(0, int(len(ordered) * share + 0.5) - 1)]


def figures(results: dict) -> dict:
    """Requests, errors, latency percentiles and requests per second of each kind of request."""
    by_name: dict[str, list] = {}
    for name, ms, status, ok in results["requests"]:
        by_name.setdefault(name, []).append((ms, status, ok))
    seconds = {
        name: sum(s for phase, s in results["phases"].items() if phase.startswith(name))
        for name in (SAVE, BARE)
    }
    out = {}
    for name, rows in by_name.items():
        ordered = sorted(ms for ms, _, _ in rows)
        failed = [status for _, status, ok in rows if not ok]
        out[name] = {
            "requests": len(rows),
            "errors": len(failed),
            "error_statuses": sorted(set(failed)),
            "p50_ms": round(statistics.median(ordered), 1),
            "p95_ms": round(percentile(ordered, 0.95), 1),
            "p99_ms": round(percentile(ordered, 0.99), 1),
        }
        if name in seconds:
            out[name]["per_s"] = round(len(rows) / seconds[name], 1)
    return out


def run_load(plan: dict, base: str) -> dict:
    """locust, headless, one simulated trainee per session; returns what the locustfile wrote."""
    with tempfile.TemporaryDirectory(prefix="tadrib-bench-quiz-") as directory:
        plan_file, results_file = Path(directory, "plan.json"), Path(directory, "results.json")
        plan_file.write_text(json.dumps(plan), encoding="utf-8")
        env = {
            **os.environ,
            "BENCH_QUIZ_PLAN": str(plan_file),
            "BENCH_QUIZ_RESULTS": str(results_file),
            "BENCH_QUIZ_THINK": THINK,
            "PYTHONPATH": str(ROOT),
        }
        users = len(plan["sessions"])
        subprocess.run(
            [
                sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile_quiz.py"),
                "--headless", "--only-summary", "--host", base, "--users", str(users),
                "--spawn-rate", str(SPAWN_RATE), "--run-time", "60m", "--stop-timeout", "10",
                "--loglevel", "WARNING",
            ],
            cwd=ROOT, env=env, check=False,
        )  # fmt: skip
        if not results_file.exists():
            sys.exit("The load test did not complete: not every trainee submitted (see locust's output).")
        return json.loads(results_file.read_text(encoding="utf-8"))


def ready(base: str) -> None:
    """Wait until the server answers (a loaded machine starts its workers slowly)."""
    import httpx

    for _ in range(600):
        try:
            if httpx.get(base + "/health/", headers={"X-Forwarded-Proto": "https"}, timeout=5).is_success:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    sys.exit("gunicorn did not answer within 5 minutes")


def load_test() -> None:
    with postgres() as database_url, redis() as redis_url:
        os.environ.update(environment(database_url, redis_url))
        import django

        django.setup()
        started = time.perf_counter()
        plan = prepare(TRAINEES)
        print(
            f"{TRAINEES} trainees enrolled and signed in ({time.perf_counter() - started:.0f} s)", flush=True
        )
        with gunicorn() as base:
            ready(base)
            results = run_load(plan, base)
    measured = figures(results)
    summary = {
        "trainees": TRAINEES,
        "questions": sum(1 for name, *_ in results["requests"] if name == SAVE) // max(TRAINEES, 1),
        "think_seconds": float(THINK),
        "cpus": os.cpu_count(),
        "requests": measured,
    }
    save, bare = measured[SAVE], measured[BARE]
    summary["save_vs_bare_per_s"] = round(save["per_s"] / bare["per_s"], 3)
    summary["save_vs_bare_p95"] = round(save["p95_ms"] / bare["p95_ms"], 3)
    for name, row in measured.items():
        rate = f"{row['per_s']:7.1f} req/s" if "per_s" in row else " " * 13
        print(
            f"{name:<14} {row['requests']:6d} requests {row['errors']:4d} errors  {rate}"
            f"  p50 {row['p50_ms']:7.1f}  p95 {row['p95_ms']:7.1f}  p99 {row['p99_ms']:7.1f} ms"
        )
    print(
        f"answer save / bare POST: {summary['save_vs_bare_per_s']:.0%} of the requests per second, "
        f"p95 {summary['save_vs_bare_p95']:.2f} times"
    )
    print(json.dumps(summary, indent=2))
    errors = sum(row["errors"] for row in measured.values())
    if errors:
        sys.exit(f"{errors} requests failed")


def profile() -> None:
    """CPU per answer save through the test client, queries per save, and a pyinstrument profile."""
    with postgres() as database_url, redis() as redis_url:
        env = environment(database_url, redis_url)
        env["ALLOWED_HOSTS"] += ",testserver"
        os.environ.update(env)
        import django

        django.setup()
        from django.db import connection
        from django.test import Client
        from pyinstrument import Profiler

        plan = prepare(PROFILE_TRAINEES + 3)

        def begin(session: str) -> tuple[Client, str, list]:
            client = Client(enforce_csrf_checks=True, HTTP_ORIGIN="https://testserver")
            client.cookies["sessionid"] = session
            token = csrf_token(client.get(plan["quiz_path"], secure=True).content.decode())
            attempt = client.post(plan["quiz_path"], {"csrfmiddlewaretoken": token}, secure=True)["Location"]
            page = client.get(attempt, secure=True).content.decode()
            return client, attempt + "answer/", answers(page)

        def save_all(client: Client, path: str, questions: list, bare: bool = False) -> None:
            token = client.cookies["csrftoken"].value
            for sequence, (position, fields) in enumerate(questions, start=1):
                response = client.post(
                    "/bench/post" if bare else path,
                    urlencode([("position", str(position)), ("sequence", str(sequence)), *fields]),
                    content_type="application/x-www-form-urlencoded",
                    secure=True,
                    HTTP_X_CSRFTOKEN=token,
                )
                assert response.status_code == 200, response.content

        sessions = plan["sessions"]
        save_all(*begin(sessions[-1]))  # warm up
        counted, queries = begin(sessions[-2]), []

        def count(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            save_all(*counted)
        taking = [begin(session) for session in sessions[:PROFILE_TRAINEES]]
        saves = sum(len(questions) for _, _, questions in taking)
        cpu = {}
        for bare in (True, False):  # the bare view's requests first, the same number
            started = time.process_time()
            for one in taking:
                save_all(*one, bare=bare)
            cpu[bare] = (time.process_time() - started) / saves * 1000
        profiled = begin(sessions[-3])
        profiler = Profiler(interval=0.0005)
        with profiler:
            save_all(*profiled)
        out = ROOT / "var" / "bench" / "answer-save.html"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(profiler.output_html(), encoding="utf-8")
        per_save = len(queries) / len(counted[2])
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        print(f"{saves} answer saves: {cpu[False]:.2f} ms CPU each; the bare POST view {cpu[True]:.2f} ms")
        print(
            f"{per_save:.1f} queries per save (session and user included); profile in {out.relative_to(ROOT)}"
        )
        for sql in queries[: round(per_save)]:
            print("  ", sql[:160])


def main() -> None:
    if sys.argv[1:] == ["profile"]:
        profile()
    else:
        load_test()


if __name__ == "__main__":
    main()
