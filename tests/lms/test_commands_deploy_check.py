"""``manage.py deploy_check`` names the part that is broken, says how to fix it, and fails.

Each part is broken for real, as an operator would break it: a port nothing listens on, a server
that accepts the connection and never answers, a storage folder where a file stands, settings
that put the content origin on the LMS's host. Nothing of ours is mocked.
"""

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command

from lms.api import DeployContext, DeployProblem, deploy_check_register
from lms.deployment import registry


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def deploy_check(*names: str, timeout: float = 3) -> tuple[bool, str]:
    """Run the command for the named checks: (whether it passed, what it printed)."""
    out = StringIO()
    arguments = [item for name in names for item in ("--only", name)]
    try:
        call_command("deploy_check", *arguments, "--timeout", str(timeout), stdout=out)
    except CommandError as error:
        return False, f"{out.getvalue()}{error}"
    return True, out.getvalue()


def line_of(output: str, name: str) -> str:
    """The check's line and its "Fix:" line."""
    lines = output.splitlines()
    for number, line in enumerate(lines):
        if line[5:].startswith(f"{name}  ") or line[5:].rstrip() == name:
            fix = lines[number + 1] if number + 1 < len(lines) and "Fix:" in lines[number + 1] else ""
            return f"{line}\n{fix}"
    raise AssertionError(f"no line for {name!r} in:\n{output}")


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts connections and never says a word (a hung service)."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        yield server.getsockname()[1]


def test_every_part_of_the_brief_has_a_check():
    out = StringIO()
    call_command("deploy_check", "--list", stdout=out)
    names = out.getvalue().split("\n")
    for part in ("database", "cache", "broker", "storage", "content origin", "e-mail", "sms"):
        assert part in names


def test_working_parts_pass_and_the_command_succeeds(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    passed, output = deploy_check("storage", "worker")
    assert passed, output
    assert "ok   storage" in output
    assert "All 2 checks passed." in output
    assert list(tmp_path.iterdir()) == [], "the check's file is deleted"


def test_a_cache_on_a_port_nothing_listens_on_fails(settings):
    port = free_port()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
        }
    }
    passed, output = deploy_check("cache")
    assert not passed
    line = line_of(output, "cache")
    assert line.startswith("FAIL")
    assert f"127.0.0.1:{port}" in line and "REDIS_URL" in line
    assert "1 of 1 checks failed: cache." in output


def test_a_storage_folder_that_cannot_be_made_fails(settings, tmp_path):
    # A file stands where the folder should be (MEDIA_ROOT pointing at the wrong path).
    blocker = tmp_path / "media"
    blocker.write_text("not a folder")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": blocker / "uploads"},
        },
    }
    passed, output = deploy_check("storage")
    assert not passed
    line = line_of(output, "storage")
    assert line.startswith("FAIL") and str(blocker / "uploads") in line
    assert "install -d -o tadrib" in line


def test_static_files_not_collected_fail(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    passed, output = deploy_check("static files")
    assert not passed
    assert "collectstatic" in line_of(output, "static files")


def test_a_mail_server_on_a_port_nothing_listens_on_fails(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    passed, output = deploy_check("e-mail")
    assert not passed
    line = line_of(output, "e-mail")
    assert line.startswith("FAIL") and f"127.0.0.1:{settings.EMAIL_PORT}" in line
    assert "EMAIL_PORT" in line


def test_a_mail_server_that_never_greets_fails_within_the_timeout(settings, silent_server):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", silent_server
    passed, output = deploy_check("e-mail", timeout=1)
    assert not passed
    assert line_of(output, "e-mail").startswith("FAIL")


def test_console_e_mail_is_a_warning_not_a_failure(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    passed, output = deploy_check("e-mail")
    assert passed
    assert line_of(output, "e-mail").startswith("WARN")


def test_a_site_url_nothing_answers_at_fails(settings):
    settings.SITE_URL = f"http://127.0.0.1:{free_port()}"
    passed, output = deploy_check("site")
    assert not passed
    assert "nginx" in line_of(output, "site")


def test_a_content_origin_on_the_lms_host_fails(settings):
    settings.SITE_URL = settings.CONTENT_ORIGIN = "https://lms.example.iq"
    passed, output = deploy_check("content origin")
    assert not passed
    line = line_of(output, "content origin")
    assert "the LMS's own host" in line and "CONTENT_ORIGIN" in line


def test_a_session_cookie_shared_with_the_content_host_fails(settings):
    settings.SITE_URL, settings.CONTENT_ORIGIN = "https://lms.example.iq", "https://content.example.iq"
    settings.SESSION_COOKIE_DOMAIN = ".example.iq"
    passed, output = deploy_check("content origin")
    assert not passed
    assert "SESSION_COOKIE_DOMAIN" in line_of(output, "content origin")


def test_an_http_content_origin_under_an_https_lms_fails(settings):
    settings.SITE_URL, settings.CONTENT_ORIGIN = "https://lms.example.iq", "http://content.example.iq"
    passed, output = deploy_check("content origin")
    assert not passed
    assert "refuse to frame" in line_of(output, "content origin")


def test_a_content_origin_nothing_answers_at_fails(settings):
    port = free_port()
    settings.SITE_URL, settings.CONTENT_ORIGIN = "http://localhost:8000", f"http://127.0.0.1:{port}"
    passed, output = deploy_check("content origin")
    assert not passed
    assert f"127.0.0.1:{port}" in line_of(output, "content origin")


def test_an_sms_gateway_on_a_port_nothing_listens_on_fails(settings):
    settings.COURSES_SMS_BACKEND = "courses.notifications.sms.http.HttpBackend"
    settings.COURSES_SMS_GATEWAY_URL = f"http://127.0.0.1:{free_port()}/send"
    passed, output = deploy_check("sms")
    assert not passed
    assert "COURSES_SMS_GATEWAY_URL" in line_of(output, "sms")


def test_the_console_sms_backend_is_a_warning(settings):
    settings.COURSES_SMS_BACKEND = "courses.notifications.sms.console.ConsoleBackend"
    passed, output = deploy_check("sms")
    assert passed
    assert line_of(output, "sms").startswith("WARN")


def test_a_check_another_app_registers_runs_and_a_hung_one_is_cut_short():
    def refuses(context: DeployContext) -> str:
        raise DeployProblem("The widget is unplugged.", "Plug it in.")

    def hangs(context: DeployContext) -> str:
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.recv(1)  # never answered: the thread is abandoned at the deadline
        return "unreachable"

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]
        deploy_check_register(name="widget", order=99, check=refuses)
        deploy_check_register(name="hung", order=98, check=hangs)
        try:
            passed, output = deploy_check("widget", "hung", timeout=0.2)
        finally:
            registry._checks.pop("widget")
            registry._checks.pop("hung")
    assert not passed
    assert "The widget is unplugged." in line_of(output, "widget") and "Plug it in." in output
    assert "No answer within" in line_of(output, "hung")


@pytest.fixture(scope="module")
def broken_database_and_broker() -> str:
    """The command as an operator runs it, with the environment file's DATABASE_URL and
    CELERY_BROKER_URL pointing at ports nothing listens on (Django reads them at start-up)."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
        "DATABASE_URL": f"postgres://tadrib:secret-password@127.0.0.1:{free_port()}/tadrib",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{free_port()}/1",
    }
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "deploy_check",
            "--only",
            "database",
            "--only",
            "broker",
            "--timeout",
            "3",
        ],
        cwd=Path(django_settings.BASE_DIR),
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    return result.stdout + result.stderr


def test_a_database_on_a_wrong_port_fails_without_showing_its_password(broken_database_and_broker):
    line = line_of(broken_database_and_broker, "database")
    assert line.startswith("FAIL") and "DATABASE_URL" in line and "systemctl status postgresql" in line
    assert "secret-password" not in broken_database_and_broker


def test_a_broker_on_a_wrong_port_fails(broken_database_and_broker):
    line = line_of(broken_database_and_broker, "broker")
    assert line.startswith("FAIL") and "CELERY_BROKER_URL" in line
