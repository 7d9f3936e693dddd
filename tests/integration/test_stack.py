"""Issue 15, acceptance 1: the stack started from deploy/ (nginx with two host names and TLS,
gunicorn, the Celery worker and beat, PostgreSQL, Redis, a local S3-compatible server) passes ``manage.py deploy_check``, and a
trainee on a phone plays a lesson through it."""

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection, connections
from playwright.sync_api import Page, expect, sync_playwright

from content.runtime.models import Attempt
from lms.api import DeployContext
from lms.celery import app as celery_app
from tests.content.packages.builders import scorm12_manifest, zip_bytes
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, TIMEOUT_MS
from tests.e2e.pages import sign_in
from tests.e2e.test_journey_player import trainee_with, wait_for
from tests.integration import services
from tests.integration.stack import CONTENT_HOST, LMS_HOST, Stack, stack_start, wait_until
from tests.lms.factories import PASSWORD

# The same database mark on every test here keeps them together when pytest-django orders the
# session's tests by kind, so the stack starts once.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

RESOLVE = {LMS_HOST: "127.0.0.1", CONTENT_HOST: "127.0.0.1"}

# A SCO that finds the API, says the lesson is completed and commits.
SCO = """<!doctype html><html lang="ar" dir="rtl"><meta charset="utf-8"><title>الدرس</title>
<h1>درس الحوكمة الإلكترونية</h1><p id="state">…</p>
<script>
var w = window, api = null;
for (var hops = 0; w && hops < 10 && !api; hops++) { api = w.API || null; if (w.parent === w) break; w = w.parent; }
api.LMSInitialize("");
api.LMSSetValue("cmi.core.lesson_location", "page-2");
api.LMSSetValue("cmi.core.lesson_status", "completed");
api.LMSCommit("");
document.getElementById("state").textContent = "تم";
</script></html>"""


def lesson() -> bytes:
    manifest = scorm12_manifest(
        '<item identifier="i1" identifierref="r1"><title>الدرس</title></item>',
        '<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="index.html">'
        '<file href="index.html"/></resource>',
    )
    return zip_bytes({"imsmanifest.xml": manifest, "index.html": SCO})


def _sessions_gone(database: dict, timeout: float = 30) -> None:
    """Wait until the stack's database sessions have ended: pytest-django drops the test database
    at the end, and PostgreSQL refuses while another session is still on it."""
    own = connection.connection.info.backend_pid if connection.connection else 0
    deadline = time.monotonic() + timeout
    with psycopg.connect(
        host=database["HOST"], port=database["PORT"], user=database["USER"], dbname="postgres"
    ) as admin:
        while True:
            others = admin.execute(
                "SELECT pid, application_name, state, left(query, 80) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> %s",
                [database["NAME"], own],
            ).fetchall()
            if not others:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"sessions left on the test database: {others}")
            time.sleep(0.2)


@pytest.fixture
def stack_storage(settings, stack: Stack) -> Iterator[None]:
    """This test process's uploads in the stack's bucket, where gunicorn and the worker find them."""
    with services.s3_settings(settings, stack.env["S3_BUCKET"]):
        yield


@pytest.fixture(scope="module")
def stack(django_db_setup, django_db_blocker) -> Iterator[Stack]:
    database = connection.settings_dict
    database_url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    root = Path(tempfile.mkdtemp(prefix="stack-", dir=services.root()))
    bucket = services.s3_bucket_create()
    running = stack_start(root=root, database_url=database_url, storage=services.s3_environment(bucket))
    # The throwaway certificate is trusted by this process's TLS clients while the stack runs.
    trusted = os.environ.get("SSL_CERT_FILE")
    os.environ["SSL_CERT_FILE"] = str(running.certificate)
    context = DeployContext(timeout=5, resolve=RESOLVE)

    def answers() -> bool:
        try:
            return context.http_get(running.url(LMS_HOST, "/health/")).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        wait_until(answers, running, "gunicorn did not answer through nginx")
        worker = f"worker@{socket.gethostname()}"
        wait_until(
            lambda: celery_app.control.ping(destination=[worker], timeout=1), running, "no worker answered"
        )
        wait_until(lambda: any((root / "state").glob("celerybeat-schedule*")), running, "beat did not start")
        yield running
    finally:
        running.stop()
        _sessions_gone(database)
        if trusted is None:
            os.environ.pop("SSL_CERT_FILE", None)
        else:
            os.environ["SSL_CERT_FILE"] = trusted


def test_deploy_check_passes_on_the_stack(stack: Stack):
    result = subprocess.run(
        [
            *(sys.executable, "manage.py", "deploy_check", "--timeout", "10"),
            *(f"--resolve={host}:{address}" for host, address in RESOLVE.items()),
        ],
        env={
            "PATH": os.environ["PATH"],
            **stack.env,
            "DJANGO_SETTINGS_MODULE": "lms.settings.production",
            "SSL_CERT_FILE": str(stack.certificate),  # the throwaway certificate is trusted
        },
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    for part in (
        "database",
        "cache",
        "broker",
        "worker",
        "storage",
        "static files",
        "site",
        "content origin",
    ):
        assert f"ok   {part} " in output, output


def test_nginx_serves_static_files_itself_and_keeps_cookies_off_the_content_host(stack: Stack):
    context = DeployContext(timeout=10, resolve=RESOLVE)
    page = context.http_get(stack.url(LMS_HOST, "/account/sign-in/"))
    assert page.status_code == 200 and "csrftoken" in page.headers.get("set-cookie", "")
    assert "Content-Security-Policy" in page.headers
    static = context.http_get(stack.url(CONTENT_HOST, "/static/vendor/htmx/htmx.min.js"))
    assert static.status_code == 200 and static.headers["cache-control"] == "public, max-age=3600"
    assert "set-cookie" not in static.headers
    assert context.http_get(stack.url(CONTENT_HOST, "/account/sign-in/")).status_code == 404


def _play(page: Page, trainee, activity) -> None:
    page.goto("/account/sign-in/")
    sign_in(page, trainee.email, PASSWORD)
    page.goto(f"/play/activity/{activity.pk}/")
    sco = page.frame_locator("#player-frame").frame_locator("#sco")
    expect(sco.locator("#state")).to_have_text("تم", timeout=TIMEOUT_MS * 3)
    # The SCO's commit went through nginx to the content host and into the database.
    attempt = wait_for(
        lambda: Attempt.objects.filter(user=trainee).exclude(state={}).first(), timeout=60, page=page
    )
    saved = next(iter(attempt.state.values()))["cmi"]
    assert saved["cmi.core.lesson_status"] == "completed"
    assert saved["cmi.core.lesson_location"] == "page-2"
    # The LMS's cookies belong to the LMS host alone, and the session's only travels over TLS.
    cookies = page.context.cookies()
    assert {cookie["domain"] for cookie in cookies} == {LMS_HOST}
    assert [cookie["secure"] for cookie in cookies if cookie["name"] == "sessionid"] == [True]


@pytest.mark.usefixtures("stack_storage")
def test_a_trainee_plays_a_lesson_through_nginx(stack: Stack):
    trainee, activity = trainee_with(lesson())
    # Production's password hashers do not include the fast one the test settings use.
    hasher = PBKDF2PasswordHasher()
    trainee.password = hasher.encode(PASSWORD, hasher.salt())
    trainee.save(update_fields=["password"])
    resolver = f"--host-resolver-rules=MAP {LMS_HOST} 127.0.0.1, MAP {CONTENT_HOST} 127.0.0.1"
    with sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_ARGS, resolver]
        )
        context = browser.new_context(
            base_url=stack.url(LMS_HOST).rstrip("/"), ignore_https_errors=True, **PHONE
        )
        context.set_default_timeout(TIMEOUT_MS * 3)
        try:
            _play(context.new_page(), trainee, activity)
        except Exception as error:
            logs = "\n".join(f"--- {name}\n{stack.log(name)}" for name in ("nginx-access", "tadrib-web"))
            raise AssertionError(f"{error}\n{logs}") from error
        finally:
            # Playwright runs this block in a greenlet of its own, where Django opened another
            # connection: closed here, or the test database could not be dropped at the end.
            connections.close_all()
            context.close()
            browser.close()
