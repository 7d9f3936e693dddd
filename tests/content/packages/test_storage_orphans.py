"""Package files never outlive a failed upload: the import removes its folder, and the daily sweep
removes folders an upload killed half-way left with no row (on a real disk, where folders exist)."""

import os
import time
from io import StringIO

import pytest
from django.core.management import call_command

from content.packages.errors import PackageRejected
from content.packages.models import ContentItem, ContentPackageVersion
from content.packages.services import package_import
from content.tasks import package_orphans_sweep
from tests.content.packages.builders import scorm12, upload

pytestmark = pytest.mark.django_db
DAY = 24 * 3600


@pytest.fixture
def disk(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return tmp_path / "content" / "packages"


def _folders(root) -> list[str]:
    return sorted(os.listdir(root)) if root.exists() else []


def test_a_crash_after_the_files_are_stored_leaves_no_file_and_no_folder(disk, instructor, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(ContentItem.objects, "bulk_create", crash)
    with pytest.raises(RuntimeError):
        package_import(upload=upload(scorm12(extra={"media/a/b/c.bin": b"x" * 1000})), by=instructor)
    assert _folders(disk) == []


def test_a_package_refused_while_copying_leaves_no_empty_folder(disk, instructor):
    from tests.content.packages.test_services_package_import import _lying_size

    with pytest.raises(PackageRejected):
        package_import(upload=upload(_lying_size()), by=instructor)
    assert _folders(disk) == []


def _orphan(disk, name: str, *, age: float) -> None:
    folder = disk / name / "scripts"
    folder.mkdir(parents=True)
    for path in (folder / "big.js", disk / name / "index.html"):
        path.write_bytes(b"x" * 100)
        os.utime(path, (time.time() - age, time.time() - age))


def test_the_sweep_removes_old_orphans_only(disk, instructor):
    version = package_import(upload=upload(scorm12()), by=instructor)
    _orphan(disk, "a" * 32, age=2 * DAY)
    _orphan(disk, "b" * 32, age=60)  # an upload may still be copying: left alone
    (disk / ("c" * 32)).mkdir()  # a refused upload's empty folder (before this fix)
    kept = version.storage_prefix.rstrip("/").rpartition("/")[2]

    out = StringIO()
    call_command("content_orphans_sweep", "--dry-run", stdout=out)
    assert "Would remove 2" in out.getvalue()
    assert len(_folders(disk)) == 4

    call_command("content_orphans_sweep", stdout=StringIO())
    assert _folders(disk) == sorted([kept, "b" * 32])
    assert ContentPackageVersion.objects.count() == 1

    os.utime(disk / ("b" * 32) / "index.html", (time.time() - DAY, time.time() - DAY))
    os.utime(disk / ("b" * 32) / "scripts" / "big.js", (time.time() - DAY, time.time() - DAY))
    assert package_orphans_sweep.apply().get() == 1
    assert _folders(disk) == [kept]
