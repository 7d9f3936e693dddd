"""gunicorn with production's settings on the test database, for the tests that need a real
server: its own processes and database connections, which outlive a restart of PostgreSQL or Redis."""

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
from django.conf import settings
from django.db import connection

from tests.integration import services

# As from production's TLS proxy: production redirects plain HTTP.
HTTPS = {"X-Forwarded-Proto": "https"}
LMS_HOST = "127.0.0.1"
CONTENT_HOST = "localhost"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn_server(*, workers: int = 3) -> Iterator[str]:
    """Sync workers on a free loopback port; yields the LMS origin (http://127.0.0.1:port). The
    content origin is the same port under the name ``localhost``."""
    database = connection.settings_dict
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.integration.production_settings",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{LMS_HOST},{CONTENT_HOST}",
        "SITE_URL": f"http://{LMS_HOST}:{port}",
        "CONTENT_ORIGIN": f"http://{CONTENT_HOST}:{port}",
    }
    log = services.root() / f"gunicorn-{port}.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "lms.wsgi:application"),
                *("-b", f"127.0.0.1:{port}", "-w", str(workers), "--graceful-timeout", "5"),
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    origin = f"http://{LMS_HOST}:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{origin}/health/", headers=HTTPS, timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield origin
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def log_of(origin: str) -> str:
    """What the gunicorn at ``origin`` wrote (its errors and Django's), for failure messages."""
    return (services.root() / f"gunicorn-{origin.rsplit(':', 1)[1]}.log").read_text(errors="replace")
