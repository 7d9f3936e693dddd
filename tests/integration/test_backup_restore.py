"""Backup on one PostgreSQL database, restore into a fresh one, and every trainee finds the same there.

The demo is the realistic set: trainees with SCORM and cmi5 progress, statements in the LRS, quiz
attempts, certificates with their PDFs (one revoked, one expired). The restore runs as the operator
would run it on a new machine — another process, another database, empty storage — and
``site_snapshot`` reads both sites the same way (issue 15, acceptance 3).
"""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _site_env(database: str, media, private) -> dict[str, str]:
    db = connection.settings_dict
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{database}",
        "MEDIA_ROOT": str(media),
        "PRIVATE_ROOT": str(private),
        "DJANGO_SETTINGS_MODULE": "lms.settings.integration",
    }


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )


def _snapshot(env: dict[str, str]) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "tests.integration.site_snapshot"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


@pytest.fixture
def empty_database():
    name = f"tadrib_restored_{os.getpid()}"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name}")
        cursor.execute(f"CREATE DATABASE {name}")
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_restored_site_shows_every_trainee_the_same(empty_database, tmp_path, capsys):
    call_command("demo_load", force=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    backup = tmp_path / "backup"
    call_command("backup", to=backup)
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["missing_references"] == []
    assert any(name.startswith("certificates/") for name in manifest["files"]["default"])

    restored = _site_env(empty_database, tmp_path / "media", tmp_path / "private")
    result = _manage(restored, "restore", "--from", str(backup))
    assert result.returncode == 0, result.stderr
    assert "Restored" in result.stdout

    original = _site_env(connection.settings_dict["NAME"], settings.MEDIA_ROOT, settings.PRIVATE_ROOT)
    before, after = _snapshot(original), _snapshot(restored)
    trainees = [value for key, value in before.items() if key != "statements"]
    assert sum(len(t["content_attempts"]) for t in trainees) >= 3
    assert sum(len(t["quiz_attempts"]) for t in trainees) >= 1
    certificates = [c for t in trainees for c in t["certificates"]]
    assert certificates and all(
        c["pdf"]["status"] == 200 and c["verify"]["status"] == 200 for c in certificates
    )
    assert {c["status"] for c in certificates} >= {"issued", "revoked"}
    assert len(before["statements"]) >= 5
    for key in before:
        assert after[key] == before[key], key

    # A second restore into the now filled database is refused and changes nothing.
    again = _manage(restored, "restore", "--from", str(backup))
    assert again.returncode != 0
    assert "not empty" in again.stderr
    assert _snapshot(restored) == after
