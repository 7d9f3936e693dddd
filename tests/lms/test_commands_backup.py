"""backup and restore in the unit tier (SQLite, in-memory storage): the manifest, and every refusal.

The full round trip — PostgreSQL, another database, every trainee's pages the same — is
tests/integration/test_backup_restore.py. Here: a restore refuses, changing nothing, a backup
that is incomplete, damaged, from a newer schema or unsafe, and a database that is not empty.
"""

import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def backup(tmp_path):
    default_storage.save("certificates/TDR-TEST.pdf", ContentFile(b"%PDF-1.7 test"))
    storages["private"].save("bulk-enrolments/list.csv", ContentFile(b"name,phone\n"))
    target = tmp_path / "backup"
    call_command("backup", to=target, stdout=open("/dev/null", "w"))  # noqa: SIM115
    return target


def _manifest(backup) -> dict:
    return json.loads((backup / "manifest.json").read_text())


def _restore(backup) -> str:
    with pytest.raises(CommandError) as refusal:
        call_command("restore", source=backup)
    assert str(refusal.value).startswith("Nothing was restored.")
    return str(refusal.value)


def test_a_backup_holds_the_database_the_files_and_a_manifest(backup):
    manifest = _manifest(backup)
    assert manifest["engine"] == "sqlite" and manifest["format"] == 1
    assert "0001_initial" in manifest["migrations"]["people"]
    assert manifest["counts"]["django_migrations"] > 10
    assert manifest["files"]["default"]["certificates/TDR-TEST.pdf"][1] == len(b"%PDF-1.7 test")
    assert (backup / "files" / "private" / "bulk-enrolments" / "list.csv").read_text() == "name,phone\n"
    assert (backup / manifest["database_file"]).stat().st_size == manifest["database_bytes"]


def test_a_backup_is_not_written_over_another_folder(backup):
    with pytest.raises(CommandError, match="not an empty folder"):
        call_command("backup", to=backup)


def test_a_restore_refuses_a_database_that_is_not_empty(backup):
    default_storage.delete("certificates/TDR-TEST.pdf")
    assert "is not empty" in _restore(backup)
    assert not default_storage.exists("certificates/TDR-TEST.pdf")


def test_a_restore_refuses_an_incomplete_backup(backup):
    (backup / "manifest.json").unlink()
    assert "incomplete" in _restore(backup)


def test_a_restore_refuses_a_missing_or_damaged_file(backup):
    copy = backup / "files" / "default" / "certificates" / "TDR-TEST.pdf"
    copy.write_bytes(b"%PDF-1.7 tess")
    assert "damaged" in _restore(backup)
    copy.unlink()
    assert "incomplete" in _restore(backup)


def test_a_restore_refuses_a_damaged_manifest(backup):
    (backup / "manifest.json").write_text('{"format": 1, "files": []}')
    assert "damaged" in _restore(backup)


def test_a_restore_refuses_a_backup_from_a_newer_schema(backup):
    manifest = _manifest(backup)
    manifest["migrations"]["courses"].append("0999_from_the_future")
    (backup / "manifest.json").write_text(json.dumps(manifest))
    assert "newer schema" in _restore(backup)
    manifest["format"] = 2
    (backup / "manifest.json").write_text(json.dumps(manifest))
    assert "newer Tadrib" in _restore(backup)


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "a/../../b", ""])
def test_a_restore_refuses_file_names_outside_the_storage(backup, name):
    manifest = _manifest(backup)
    manifest["files"]["default"][name] = ["0" * 64, 1]
    (backup / "manifest.json").write_text(json.dumps(manifest))
    assert "not safe" in _restore(backup)
