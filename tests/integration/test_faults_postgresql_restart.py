"""PostgreSQL restarted while 50 trainees commit SCORM progress and post xAPI statements (issue 15).

gunicorn with production's settings serves the trainees; each sends its commits and statements
in order, one at a time, as the player's outbox does (content/static/content/outbox.js): what was
not acknowledged is kept and sent again, after a growing pause, on a 503 or a failed connection.
Mid-run PostgreSQL is stopped as an operator's restart stops it (connections cut) and started
again once /health/ reports the outage. The server answers 503 with Retry-After while the
database is away (never a 500) and reconnects by itself; at the end the database holds every
commit and statement sent, once each. The figures are printed and recorded in docs/benchmarks.md.
"""

import json
import threading
import time
import uuid
from dataclasses import dataclass, field

import httpx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.utils import timezone

from content.lrs.models import Statement
from content.lrs.services import launch_token_issue
from content.packages.services import package_import
from content.runtime.models import Attempt, RuntimeCommit
from content.runtime.services import actor_for, attempt_open
from courses.enrolment.services import enrolment_request
from courses.models import Activity
from lms.people.roles import Role
from tests.content.packages.builders import scorm12
from tests.courses.factories import ActivityFactory, CohortFactory, CourseModuleFactory
from tests.integration import services
from tests.integration.gunicorn import HTTPS, gunicorn_server, log_of
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TRAINEES = 50
COMMITS = 4  # and as many statements, each trainee's sends alternating
DEADLINE = 600  # seconds: a bound for a run that hangs, not the time expected (~15 s quiet)


@dataclass
class Tally:
    """What the simulated outboxes saw, added up over every trainee."""

    sent: int = 0  # distinct commits and statements handed to the outbox
    accepted: int = 0  # acknowledged by the server (2xx)
    refused: list = field(default_factory=list)  # answers no retry changes: lost
    retries: int = 0
    unavailable: int = 0  # 503 answers
    connection_errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, **counts: int) -> None:
        with self.lock:
            for name, count in counts.items():
                setattr(self, name, getattr(self, name) + count)


def _trainees() -> list[tuple[Attempt, str]]:
    cohort = CohortFactory(starts_on=timezone.localdate() - timezone.timedelta(days=1))
    activity = ActivityFactory(module=CourseModuleFactory(course=cohort.course), kind=Activity.Kind.CONTENT)
    upload = SimpleUploadedFile("lesson.zip", scorm12(), content_type="application/zip")
    package_import(upload=upload, activity=activity, by=UserFactory(role=Role.INSTRUCTOR))
    launched = []
    for _ in range(TRAINEES):
        trainee = UserFactory()
        enrolment_request(user=trainee, cohort=cohort)
        attempt = attempt_open(user=trainee, activity=activity)
        token = launch_token_issue(
            actor=actor_for(trainee), registration=attempt.registration, activity_id=str(activity.pk)
        )
        launched.append((attempt, token))
    return launched


def _sends(attempt: Attempt, item: str) -> list[tuple[str, dict]]:
    """One trainee's outbox: progress commits and statements, alternating, in the order made."""
    sends = []
    for number in range(1, COMMITS + 1):
        cmi = {"cmi.core.lesson_location": f"page-{number}", "cmi.suspend_data": f"seen={number}"}
        sends.append(("/play/api/commit/", {"sequence": number, "item": item, "session": 1, "cmi": cmi}))
        statement = {
            "id": str(uuid.uuid4()),
            "actor": actor_for(attempt.user),
            "verb": {"id": "http://adlnet.gov/expapi/verbs/progressed", "display": {"en-US": "progressed"}},
            "object": {"objectType": "Activity", "id": f"https://tadrib.example/lesson/page-{number}"},
            "context": {"registration": str(attempt.registration)},
            "timestamp": timezone.now().isoformat(),
        }
        sends.append(("/xapi/statements", statement))
    return sends


def _outbox(
    origin: str, token: str, sends: list[tuple[str, dict]], tally: Tally, stop: threading.Event
) -> None:
    """Sends in order, one at a time; keeps and retries what the server did not acknowledge."""
    headers = {**HTTPS, "Authorization": f"Bearer {token}", "X-Experience-API-Version": "1.0.3"}
    tally.add(sent=len(sends))
    with httpx.Client(base_url=origin, headers=headers, timeout=30) as client:
        for path, body in sends:
            delay = 0.2
            while not stop.is_set():
                try:
                    response = client.post(
                        path, content=json.dumps(body), headers={"Content-Type": "application/json"}
                    )
                except httpx.TransportError:
                    tally.add(connection_errors=1, retries=1)
                else:
                    if response.is_success:
                        tally.add(accepted=1)
                        break
                    if response.status_code != 503:
                        tally.add(refused=[(path, response.status_code, response.text[:300])])
                        break
                    tally.add(unavailable=1, retries=1)
                stop.wait(delay)
                delay = min(2.0, delay * 2)


def _health(origin: str, seen: list[tuple[int, bool]], stop: threading.Event) -> None:
    """Asks /health/ over and over; keeps each change of its answer (status, database ok)."""
    with httpx.Client(base_url=origin, headers=HTTPS, timeout=10) as client:
        while not stop.is_set():
            try:
                response = client.get("/health/")
                state = (response.status_code, response.json()["checks"]["database"]["ok"])
            except (httpx.TransportError, ValueError):
                state = (0, False)
            if not seen or seen[-1] != state:
                seen.append(state)
            stop.wait(0.1)


def _wait_for(condition, what: str, deadline: float) -> None:
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def test_a_postgresql_restart_under_50_trainees_loses_nothing():
    launched = _trainees()
    item = launched[0][0].version.items.get(is_launchable=True).identifier
    outboxes = {attempt.pk: _sends(attempt, item) for attempt, _token in launched}
    tally, health_seen, stop = Tally(), [], threading.Event()
    deadline = time.monotonic() + DEADLINE
    with gunicorn_server(workers=3) as origin:
        threads = [
            threading.Thread(target=_outbox, args=(origin, token, outboxes[attempt.pk], tally, stop))
            for attempt, token in launched
        ]
        threads.append(threading.Thread(target=_health, args=(origin, health_seen, stop)))
        started = time.monotonic()
        try:
            for thread in threads:
                thread.start()
            # Stopped with about a third of the sends acknowledged: the rest meet the outage.
            _wait_for(lambda: tally.accepted >= TRAINEES * COMMITS * 2 // 3, "a third of the sends", deadline)
            services.postgres_stop()
            stopped = time.monotonic()
            _wait_for(lambda: health_seen[-1] == (503, False), "/health/ to report the outage", deadline)
            services.postgres_start()
            outage = time.monotonic() - stopped
            _wait_for(lambda: health_seen[-1] == (200, True), "/health/ to report the recovery", deadline)
            for thread in threads[:-1]:
                thread.join(timeout=max(1, deadline - time.monotonic()))
            elapsed = time.monotonic() - started
        finally:
            stop.set()
            if not services.postgres_running():
                services.postgres_start()  # the rest of the session's tests need it
            # This process's connection was cut too: the next query opens a new one.
            connections.close_all()
        server_log = log_of(origin)
    assert not any(thread.is_alive() for thread in threads), f"trainees still sending: {tally}"
    commits = RuntimeCommit.objects.filter(attempt__in=[attempt for attempt, _ in launched])
    statement_ids = [
        body["id"] for sends in outboxes.values() for path, body in sends if path.startswith("/xapi")
    ]
    stored = Statement.objects.filter(statement_id__in=statement_ids)
    report = {
        "trainees": TRAINEES,
        "sent": tally.sent,
        "accepted": tally.accepted,
        "lost": tally.sent - commits.count() - stored.count(),
        "refused": len(tally.refused),
        "503 answers": tally.unavailable,
        "connection errors": tally.connection_errors,
        "retries": tally.retries,
        "outage seconds": round(outage, 1),
        "run seconds": round(elapsed, 1),
        "health": health_seen,
    }
    print(f"\nPostgreSQL restart under {TRAINEES} trainees: {report}")
    assert tally.refused == [], tally.refused
    assert tally.accepted == tally.sent == TRAINEES * COMMITS * 2
    assert commits.count() == TRAINEES * COMMITS
    assert stored.count() == len(set(statement_ids)) == TRAINEES * COMMITS, "each statement once"
    assert report["lost"] == 0
    assert tally.unavailable + tally.connection_errors > 0, "the outage was met by the trainees"
    assert (503, False) in health_seen and health_seen[-1] == (200, True), health_seen
    assert "Internal Server Error" not in server_log, server_log[-3000:]
    for attempt, _token in launched:
        attempt.refresh_from_db()
        # The newest commit is the state a trainee resumes from.
        assert attempt.last_sequence == COMMITS
