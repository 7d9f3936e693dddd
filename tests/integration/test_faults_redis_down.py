"""Redis down — the cache and the task broker at once (issue 15): pages keep serving, no 500.

The session's Redis is stopped, then the main pages of a trainee, an instructor and the director
are walked, with the POSTs that change something and queue tasks on commit (an enrolment, a
lesson's commit, a password reset, a sign-in, a language change). Every answer is a page, never
a 500: the cache degrades to no cache (lms/redis_cache.py) and a task the broker cannot take is
logged, not raised (lms/celery.py) — what becomes of each task is in ADR 0024. /health/ says
"degraded" with 200 meanwhile, and "ok" once Redis is back.
"""

import json
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from content.lrs.services import launch_token_issue
from content.packages.services import package_import
from content.runtime.models import RuntimeCommit
from content.runtime.services import actor_for, attempt_open
from content.tasks import lrs_forward_sweep
from courses.enrolment.models import Enrolment
from courses.models import Activity
from lms.people.roles import Role
from tests.content.packages.builders import scorm12
from tests.courses.factories import ActivityFactory, CohortFactory, CourseModuleFactory
from tests.integration import services
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "a-long-trainee-password"


@pytest.fixture
def redis_down():
    services.redis_stop()
    try:
        yield
    finally:
        services.redis_start()  # the rest of the session's tests need it


def _client(user=None) -> Client:
    client = Client(raise_request_exception=False, HTTP_ACCEPT="text/html")
    if user is not None:
        client.force_login(user)
    return client


def _health(client: Client) -> tuple[int, dict]:
    response = client.get("/health/")
    return response.status_code, response.json()


def test_with_redis_down_pages_serve_posts_commit_and_nothing_is_a_500(redis_down):
    open_cohort = CohortFactory(starts_on=timezone.localdate() - timezone.timedelta(days=1))
    activity = ActivityFactory(
        module=CourseModuleFactory(course=open_cohort.course), kind=Activity.Kind.CONTENT
    )
    upload = SimpleUploadedFile("lesson.zip", scorm12(), content_type="application/zip")
    instructor = UserFactory(role=Role.INSTRUCTOR, is_staff=True)
    package_import(upload=upload, activity=activity, by=instructor)
    trainee = UserFactory(password=PASSWORD)
    director = UserFactory(role=Role.CENTRE_DIRECTOR)
    open_cohort.instructors.add(instructor)
    answers: list[tuple[str, str, int, float]] = []

    def visit(client: Client, method: str, path: str, **kwargs):
        started = time.monotonic()
        response = getattr(client, method)(path, **kwargs)
        answers.append((method.upper(), path, response.status_code, round(time.monotonic() - started, 2)))
        return response

    as_trainee, as_instructor, as_director, anonymous = (
        _client(trainee),
        _client(instructor),
        _client(director),
        _client(),
    )
    status, report = _health(anonymous)
    assert status == 200 and report["status"] == "degraded", report
    assert not report["checks"]["cache"]["ok"] and not report["checks"]["broker"]["ok"]

    visit(anonymous, "get", "/")
    visit(anonymous, "get", open_cohort.course.url)
    visit(anonymous, "get", reverse("people:login"))
    visit(anonymous, "post", reverse("people:login"), data={"username": trainee.email, "password": "wrong"})
    visit(anonymous, "post", reverse("people:password_reset"), data={"email": trainee.email})
    # Enrolling queues the enrolment's notice on commit: the broker cannot take it.
    visit(as_trainee, "post", reverse("courses:enrol", args=[open_cohort.pk]))
    visit(as_trainee, "get", reverse("courses:my_learning"))
    visit(as_trainee, "get", reverse("courses:course_home", args=[open_cohort.course.pk]))
    visit(as_trainee, "get", reverse("content:play_activity", args=[activity.pk]))
    attempt = attempt_open(user=trainee, activity=activity)
    token = launch_token_issue(actor=actor_for(trainee), registration=attempt.registration)
    item = attempt.version.items.get(is_launchable=True).identifier
    commit = {"sequence": 1, "item": item, "cmi": {"cmi.core.lesson_location": "page-2"}}
    visit(
        _client(),
        "post",
        reverse("content:commit_outbox"),
        data=json.dumps(commit),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    visit(as_trainee, "get", reverse("people:profile"))
    visit(as_trainee, "post", reverse("people:language_switch"), data={"language": "en", "next": "/"})
    visit(as_instructor, "get", reverse("courses:teaching_cohorts"))
    visit(as_instructor, "get", reverse("courses:teaching_cohort", args=[open_cohort.pk]))
    visit(as_instructor, "get", "/admin/")
    visit(as_director, "get", reverse("analytics:dashboard"))

    report_lines = "\n".join(f"{m} {p} → {s} ({t} s)" for m, p, s, t in answers)
    print(f"\nRedis down, {len(answers)} requests:\n{report_lines}")
    assert [answer for answer in answers if answer[2] >= 500] == [], report_lines
    assert Enrolment.objects.filter(user=trainee, cohort=open_cohort).exists(), "the enrolment was kept"
    assert RuntimeCommit.objects.filter(attempt=attempt, sequence=1).exists(), "the commit was kept"

    services.redis_start()
    deadline = time.monotonic() + 30
    while _health(anonymous)[1]["status"] != "ok":
        assert time.monotonic() < deadline, _health(anonymous)
        time.sleep(0.2)
    # Tasks are queued again by the same process: nothing needs a restart.
    while lrs_forward_sweep.delay() is None:
        assert time.monotonic() < deadline, "tasks could not be queued after Redis came back"
        time.sleep(0.2)
