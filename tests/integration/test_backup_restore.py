"""Backup on one PostgreSQL database, restore into a fresh one, and every trainee finds the same there.

The demo is the realistic set: trainees with SCORM and cmi5 progress, statements in the LRS, quiz
attempts, certificates with their PDFs (one revoked, one expired). The restore runs as the operator
would run it on a new machine — another process, another database, empty storage — and
``site_snapshot`` reads both sites the same way (issue 15, acceptance 3).
"""

import io
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


def test_restored_site_shows_every_trainee_the_same(empty_database, tmp_path):
    # Without the reports' part: summaries counted from the rest, which take most of the demo's
    # time to build and hold nothing of a trainee's that is not already in the tables below.
    call_command("demo_load", force=True, without=["analytics"], stdout=open(os.devnull, "w"))  # noqa: SIM115
    backup = tmp_path / "backup"
    said = io.StringIO()
    call_command("backup", to=backup, stdout=said)
    print(said.getvalue())  # the figures for ADR 0022, seen with -s
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["missing_references"] == []
    assert any(name.startswith("certificates/") for name in manifest["files"]["default"])

    restored = _site_env(empty_database, tmp_path / "media", tmp_path / "private")
    result = _manage(restored, "restore", "--from", str(backup))
    assert result.returncode == 0, result.stderr
    assert "Restored" in result.stdout
    print(result.stdout)

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


def test_backup_and_restore_through_s3_storage(s3_storage, empty_database, tmp_path):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage, storages

    from lms.people.models import User
    from tests.integration import services

    User.objects.create_user(email="s3-trainee@example.org", password="a-password-123", full_name_ar="متدربة")
    default_storage.save("certificates/TDR-S3.pdf", ContentFile(b"%PDF-1.7 in a bucket"))
    storages["private"].save("bulk-enrolments/staff.csv", ContentFile(b"name,phone\n"))
    backup = tmp_path / "backup"
    call_command("backup", to=backup, stdout=io.StringIO())
    files = json.loads((backup / "manifest.json").read_text())["files"]
    assert "certificates/TDR-S3.pdf" in files["default"] and "bulk-enrolments/staff.csv" in files["private"]

    # The new machine: an empty database and an empty bucket.
    bucket = services.s3_bucket_create()
    restored = {
        **_site_env(empty_database, tmp_path / "unused-media", tmp_path / "unused-private"),
        **services.s3_environment(bucket),
    }
    result = _manage(restored, "restore", "--from", str(backup))
    assert result.returncode == 0, result.stderr
    keys = services.S3Bucket(name=bucket, endpoint_url="", environment={}).keys()
    assert {"media/certificates/TDR-S3.pdf", "private/bulk-enrolments/staff.csv"} <= set(keys)
    # A backup of the restored site holds the very same files and rows.
    again = tmp_path / "again"
    assert _manage(restored, "backup", "--to", str(again)).returncode == 0
    assert json.loads((again / "manifest.json").read_text())["files"] == files
    assert (
        json.loads((again / "manifest.json").read_text())["counts"]["people_user"]
        == (json.loads((backup / "manifest.json").read_text())["counts"]["people_user"])
    )
