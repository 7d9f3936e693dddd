"""Throwaway PostgreSQL, Redis and S3 servers for the integration tier, started by the test session.

Loaded as a plugin (``pytest -p tests.integration.services``, see ``make test-integration``)
because Django reads DATABASE_URL and CELERY_BROKER_URL once, when pytest-django sets it up in
its own ``pytest_load_initial_conftests``: the servers must be running and the variables
exported before that, which a conftest fixture is too late for. Each run gets its own data
directory and free ports, so nothing is shared with a developer's own servers, and everything
is stopped and deleted when the session ends, also when tests fail.

The S3-compatible server (moto's server mode) is started only when a test first asks for it,
through ``s3_endpoint`` or the ``s3_storage`` fixture, and serves the rest of the session; each
``s3_storage`` gets a bucket of its own. Processes a test starts (gunicorn, a Celery worker) reach
that bucket with ``s3_environment(bucket)`` in their environment (the S3_* settings, ADR 0021).
"""

import atexit
import contextlib
import glob
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import boto3
import httpx
import pytest
import redis

DATABASE_NAME = "tadrib"
DATABASE_USER = "postgres"

_root: Path | None = None
_postgres_data: Path | None = None
_postgres_options = ""
_redis: subprocess.Popen | None = None
_redis_command: list[str] = []
_s3: subprocess.Popen | None = None
_s3_endpoint: str | None = None

# moto accepts any credentials; these name the test's own server in its logs.
S3_ACCESS_KEY_ID = "tadrib-test"
S3_SECRET_ACCESS_KEY = "tadrib-test-secret"
S3_REGION = "us-east-1"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _postgres_bindir() -> Path:
    """The directory of initdb and pg_ctl; Debian keeps them off PATH, one directory per version."""
    candidates = []
    if pg_config := shutil.which("pg_config"):
        bindir = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        candidates.append(bindir.stdout.strip())
    installed = glob.glob("/usr/lib/postgresql/*/bin")
    candidates += sorted(installed, key=lambda path: [int(n) for n in re.findall(r"\d+", path)], reverse=True)
    if initdb := shutil.which("initdb"):
        candidates.append(str(Path(initdb).parent))
    for candidate in candidates:
        if candidate and (Path(candidate) / "initdb").exists():
            return Path(candidate)
    raise RuntimeError("PostgreSQL server binaries not found; run `make system-test-deps`.")


def _as_postgres(command: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; as any other user it runs as that user.
    return ["runuser", "-u", DATABASE_USER, "--", *command] if os.geteuid() == 0 else command


def _run(command: list[str], log: Path | None = None) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        log_text = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
        raise RuntimeError(f"{command[0]} failed:\n{result.stdout}{result.stderr}{log_text}")


def _postgres_start(root: Path) -> str:
    global _postgres_data, _postgres_options
    bindir = _postgres_bindir()
    port = _free_port()
    data, sockets = root / "postgres", root / "sockets"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, user=DATABASE_USER)
        shutil.chown(sockets, user=DATABASE_USER)
    _run(
        _as_postgres(
            [
                *(str(bindir / "initdb"), "-D", str(data), "-U", DATABASE_USER, "--auth=trust"),
                *("--encoding=UTF8", "--no-locale", "--no-sync"),
            ]
        )
    )
    _postgres_data = data
    # Durability is not wanted from a server whose data is deleted at the end of the run.
    _postgres_options = (
        f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    )
    postgres_start()
    _run([str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", DATABASE_USER, DATABASE_NAME])
    return f"postgres://{DATABASE_USER}@127.0.0.1:{port}/{DATABASE_NAME}"


def postgres_start() -> None:
    """Starts the session's PostgreSQL (again, after ``postgres_stop``) on its port and data."""
    assert _postgres_data is not None, "the services plugin has not started"
    log = _postgres_data.parent / "postgres.log"
    pg_ctl = str(_postgres_bindir() / "pg_ctl")
    _run(
        _as_postgres(
            [pg_ctl, "-D", str(_postgres_data), "-l", str(log), "-o", _postgres_options, "-w", "start"]
        ),
        log,
    )


def postgres_stop() -> None:
    """Stops the session's PostgreSQL as an operator's restart does (``-m fast``: connections are
    cut, transactions under way rolled back), for the fault tests; ``postgres_start`` brings it back."""
    assert _postgres_data is not None, "the services plugin has not started"
    _run(
        _as_postgres(
            [str(_postgres_bindir() / "pg_ctl"), "-D", str(_postgres_data), "-m", "fast", "-w", "stop"]
        )
    )


def postgres_running() -> bool:
    assert _postgres_data is not None, "the services plugin has not started"
    status = [str(_postgres_bindir() / "pg_ctl"), "-D", str(_postgres_data), "status"]
    return subprocess.run(_as_postgres(status), capture_output=True, check=False).returncode == 0


def _spawn(command: list[str], log: Path) -> subprocess.Popen:
    with log.open("w") as output:
        return subprocess.Popen(
            command,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C at the terminal is for pytest, which then stops it
        )


def _redis_start(root: Path) -> str:
    global _redis_command
    port = _free_port()
    _redis_command = [
        *("redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", str(root)),
        *("--save", "", "--appendonly", "no"),  # nothing is kept: no snapshots, no log
    ]
    redis_start()
    return f"redis://127.0.0.1:{port}"


def redis_start() -> None:
    """Starts the session's Redis (again, after ``redis_stop``) on its port; waits until it answers."""
    global _redis
    assert _redis_command and _root is not None, "the services plugin has not started"
    if _redis is not None and _redis.poll() is None:
        return
    port = int(_redis_command[2])
    log = _root / "redis.log"
    _redis = _spawn(_redis_command, log)
    deadline = time.monotonic() + 20
    while True:
        try:
            redis.Redis(host="127.0.0.1", port=port, socket_timeout=1).ping()
            break
        except redis.ConnectionError:
            if _redis.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start:\n{log.read_text()}") from None
            time.sleep(0.05)


def redis_stop() -> None:
    """Stops the session's Redis (cache, broker and result store at once, as when its machine
    goes down); ``redis_start`` brings it back."""
    global _redis
    if _redis is not None:
        _redis.terminate()
        try:
            _redis.wait(timeout=10)
        except subprocess.TimeoutExpired:
            _redis.kill()
            _redis.wait()
        _redis = None


def _s3_start(root: Path) -> str:
    global _s3
    port = _free_port()
    log = root / "s3.log"
    _s3 = _spawn([sys.executable, "-m", "moto.server", "--host", "127.0.0.1", "--port", str(port)], log)
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60  # moto imports a lot; a loaded machine takes its time
    while True:
        try:
            httpx.get(f"{endpoint}/moto-api/", timeout=1)
            return endpoint
        except httpx.TransportError:
            if _s3.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the S3 server did not start:\n{log.read_text()}") from None
            time.sleep(0.1)


def s3_endpoint() -> str:
    """The session's local S3-compatible server, started on the first call."""
    global _s3_endpoint
    if _s3_endpoint is None:
        _s3_endpoint = _s3_start(root())
    return _s3_endpoint


def s3_bucket_create() -> str:
    """A new, empty bucket on the local S3 server; its name."""
    name = f"tadrib-{uuid.uuid4().hex[:16]}"
    s3_client().create_bucket(Bucket=name)
    return name


def s3_client():
    """A boto3 client of the local S3 server, to look into buckets from a test."""
    return boto3.client(
        "s3",
        endpoint_url=s3_endpoint(),
        aws_access_key_id=S3_ACCESS_KEY_ID,
        aws_secret_access_key=S3_SECRET_ACCESS_KEY,
        region_name=S3_REGION,
    )


def s3_environment(bucket: str) -> dict[str, str]:
    """The environment that points a Tadrib process (gunicorn, a worker, manage.py) at ``bucket``."""
    return {
        "S3_BUCKET": bucket,
        "S3_ENDPOINT_URL": s3_endpoint(),
        "S3_ACCESS_KEY_ID": S3_ACCESS_KEY_ID,
        "S3_SECRET_ACCESS_KEY": S3_SECRET_ACCESS_KEY,
        "S3_REGION": S3_REGION,
    }


@dataclass(frozen=True)
class S3Bucket:
    name: str
    endpoint_url: str
    environment: dict[str, str]

    def keys(self, prefix: str = "") -> list[str]:
        """Every key in the bucket under ``prefix``."""
        pages = s3_client().get_paginator("list_objects_v2").paginate(Bucket=self.name, Prefix=prefix)
        return [entry["Key"] for page in pages for entry in page.get("Contents", ())]


def _file_fields_rebind() -> list[tuple]:
    """FileFields whose storage is a callable were bound to a storage when their model was defined
    (``courses.bulk.models.private_storage``): bind them anew to the storages now configured."""
    from django.apps import apps
    from django.db.models import FileField

    bound = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, FileField) and hasattr(field, "_storage_callable"):
                bound.append((field, field.storage))
                field.storage = field._storage_callable()
    return bound


@contextlib.contextmanager
def s3_settings(settings, name: str, *, endpoint_url: str = "") -> Iterator[S3Bucket]:
    """Point the S3 settings (ADR 0021) of this test process at the bucket ``name``, for a while;
    at ``endpoint_url`` instead of the local S3 server when given (an unreachable one, to see an
    outage)."""
    from lms.settings.objectstorage import s3_storages

    environment = s3_environment(name)
    if endpoint_url:
        environment["S3_ENDPOINT_URL"] = endpoint_url
    for key, value in environment.items():
        setattr(settings, key, value)
    settings.STORAGES = {
        **settings.STORAGES,
        **s3_storages(
            bucket=name,
            endpoint_url=environment["S3_ENDPOINT_URL"],
            access_key_id=S3_ACCESS_KEY_ID,
            secret_access_key=S3_SECRET_ACCESS_KEY,
            region=S3_REGION,
            media_url=settings.MEDIA_URL,
        ),
    }
    bound = _file_fields_rebind()
    try:
        yield S3Bucket(name=name, endpoint_url=environment["S3_ENDPOINT_URL"], environment=environment)
    finally:
        for field, storage in bound:
            field.storage = storage


@pytest.fixture
def s3_storage(settings) -> Iterator[S3Bucket]:
    """The S3 settings (ADR 0021) pointed at a fresh bucket on the local S3 server for one test:
    STORAGES "default" and "private" are then that bucket's ``media/`` and ``private/``."""
    with s3_settings(settings, s3_bucket_create()) as bucket:
        yield bucket


def stop() -> None:
    """Stop the servers and delete their files; safe to call more than once."""
    global _root, _postgres_data, _redis, _s3, _s3_endpoint
    for process in (_redis, _s3):
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    _redis = _s3 = _s3_endpoint = None
    if _postgres_data is not None:
        pg_ctl = str(_postgres_bindir() / "pg_ctl")
        stop_command = [pg_ctl, "-D", str(_postgres_data), "-m", "fast", "-w", "stop"]
        subprocess.run(_as_postgres(stop_command), capture_output=True, check=False)
        _postgres_data = None
    if _root is not None:
        shutil.rmtree(_root, ignore_errors=True)
        _root = None


def root() -> Path:
    """The session's temporary directory (logs, e-mail files)."""
    assert _root is not None, "the services plugin has not started"
    return _root


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(
    early_config: pytest.Config, parser: pytest.Parser, args: list[str]
) -> None:
    global _root
    _root = Path(tempfile.mkdtemp(prefix="tadrib-integration-"))
    atexit.register(stop)  # in case pytest never reaches pytest_unconfigure
    try:
        database_url = _postgres_start(_root)
        redis_url = _redis_start(_root)
    except BaseException:
        stop()
        raise
    mail, media = _root / "mail", _root / "media"
    mail.mkdir()
    media.mkdir()
    os.environ.update(
        {
            "DATABASE_URL": database_url,
            "REDIS_URL": f"{redis_url}/0",
            "CELERY_BROKER_URL": f"{redis_url}/1",
            "CELERY_RESULT_BACKEND": f"{redis_url}/2",
            "EMAIL_FILE_PATH": str(mail),
            "MEDIA_ROOT": str(media),  # uploads made by tests go away with the servers
            "DJANGO_SETTINGS_MODULE": "lms.settings.integration",
        }
    )


def pytest_unconfigure(config: pytest.Config) -> None:
    stop()
