"""Throwaway PostgreSQL and Redis servers for the integration tier, started by the test session.

Loaded as a plugin (``pytest -p tests.integration.services``, see ``make test-integration``)
because Django reads DATABASE_URL and CELERY_BROKER_URL once, when pytest-django sets it up in
its own ``pytest_load_initial_conftests``: the servers must be running and the variables
exported before that, which a conftest fixture is too late for. Each run gets its own data
directory and free ports, so nothing is shared with a developer's own servers, and everything
is stopped and deleted when the session ends, also when tests fail.
"""

import atexit
import glob
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import redis

DATABASE_NAME = "tadrib"
DATABASE_USER = "postgres"

_root: Path | None = None
_postgres_data: Path | None = None
_redis: subprocess.Popen | None = None


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
    global _postgres_data
    bindir = _postgres_bindir()
    port = _free_port()
    data, sockets, log = root / "postgres", root / "sockets", root / "postgres.log"
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
    options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    _run(
        _as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start"]),
        log,
    )
    _run([str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", DATABASE_USER, DATABASE_NAME])
    return f"postgres://{DATABASE_USER}@127.0.0.1:{port}/{DATABASE_NAME}"


def _redis_start(root: Path) -> str:
    global _redis
    port = _free_port()
    log = root / "redis.log"
    with log.open("w") as output:
        _redis = subprocess.Popen(
            [
                *("redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", str(root)),
                *("--save", "", "--appendonly", "no"),  # nothing is kept: no snapshots, no log
            ],
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C at the terminal is for pytest, which then stops Redis
        )
    deadline = time.monotonic() + 20
    while True:
        try:
            redis.Redis(host="127.0.0.1", port=port, socket_timeout=1).ping()
            break
        except redis.ConnectionError:
            if _redis.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start:\n{log.read_text()}") from None
            time.sleep(0.05)
    return f"redis://127.0.0.1:{port}"


def stop() -> None:
    """Stop both servers and delete their files; safe to call more than once."""
    global _root, _postgres_data, _redis
    if _redis is not None:
        _redis.terminate()
        try:
            _redis.wait(timeout=10)
        except subprocess.TimeoutExpired:
            _redis.kill()
            _redis.wait()
        _redis = None
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
