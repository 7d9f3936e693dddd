"""Package files never outlive a failed upload: the import removes its folder, and the daily sweep
removes folders an upload killed half-way left with no row (on a real disk, where folders exist)."""

import os
import time
from io import StringIO

import pytest
from botocore.exceptions import ConnectTimeoutError, EndpointConnectionError
from django.core.management import call_command

from content.packages import services
from content.packages.errors import Code, PackageRejected
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


def test_an_import_cut_by_a_storage_outage_is_refused_for_it_and_leaves_its_files_to_the_sweep(
    disk, instructor, monkeypatch
):
    """The storage stops answering half-way: the clean-up cannot even list the folder. The
    refusal that rises is for the upload's outage (its form answers it 503, ADR 0024), not for the
    clean-up's, no row is written, and the daily sweep deletes the files later."""
    real_put = services.stored_file_put
    put = []

    def cut_after_two(storage, name, content):
        if len(put) == 2:
            raise EndpointConnectionError(endpoint_url="http://127.0.0.1:9")
        put.append(name)
        return real_put(storage, name, content)

    def unreachable(*args, **kwargs):
        raise ConnectTimeoutError(endpoint_url="http://127.0.0.1:9")

    monkeypatch.setattr(services, "stored_file_put", cut_after_two)
    monkeypatch.setattr(services.default_storage, "listdir", unreachable)
    with pytest.raises(PackageRejected) as refused:
        package_import(
            upload=upload(scorm12(extra={"a.html": b"<p>a</p>", "b.html": b"<p>b</p>"})), by=instructor
        )
    assert refused.value.code == Code.STORAGE_OUT_OF_REACH
    assert isinstance(refused.value.__cause__, EndpointConnectionError)
    assert not ContentPackageVersion.objects.exists()
    monkeypatch.undo()
    assert len(_folders(disk)) == 1, "left for the sweep"
    for folder, _subfolders, names in os.walk(disk):
        for name in names:
            os.utime(os.path.join(folder, name), (time.time() - DAY, time.time() - DAY))
    assert package_orphans_sweep.apply().get() == 1
    assert _folders(disk) == []
