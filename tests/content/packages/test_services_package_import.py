"""Importing packages through the service: stored files, rows, versions, and clean refusals.

Every refusal must leave nothing behind: no package, version or item rows, and no stored file.
"""

import io
import os
import stat
import struct
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage, storages

from content.packages.errors import PackageRejected
from content.packages.models import ContentItem, ContentPackage, ContentPackageVersion
from content.packages.services import package_import, package_version_add
from tests.content.packages.builders import (
    PAGE,
    cmi5,
    cmi5_au,
    scorm12,
    scorm12_manifest,
    symlink_entry,
    upload,
    with_entry,
    zip_bytes,
)
from tests.content.packages.conftest import stored_files
from tests.courses.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def assert_nothing_left() -> None:
    assert ContentPackage.objects.count() == 0
    assert ContentPackageVersion.objects.count() == 0
    assert ContentItem.objects.count() == 0
    assert stored_files() == []


def refused(data: bytes, by, name: str = "package.zip") -> PackageRejected:
    with pytest.raises(PackageRejected) as caught:
        package_import(upload=upload(data, name), by=by)
    return caught.value


def test_a_scorm_package_is_stored_under_its_own_prefix_with_its_items(instructor):
    activity = ActivityFactory(kind="content", title="مقدمة")
    version = package_import(upload=upload(scorm12(title="الحوكمة")), activity=activity, by=instructor)
    package = version.package
    assert (package.title, package.kind, package.activity, package.created_by) == (
        "الحوكمة",
        "scorm12",
        activity,
        instructor,
    )
    assert (version.number, version.kind, version.uploaded_by) == (1, "scorm12", instructor)
    assert version.storage_prefix.startswith("content/packages/") and version.storage_prefix.endswith("/")
    assert stored_files() == sorted(version.file_path(n) for n in ("imsmanifest.xml", "index.html"))
    with default_storage.open(version.file_path("index.html")) as stored:
        assert stored.read() == PAGE
    assert len(version.sha256) == 64 and version.size > 0 and version.file_count == 2
    assert version.manifest["title"] == "الحوكمة"
    [item] = version.items.all()
    assert (item.identifier, item.launch_path, item.is_launchable, item.position) == (
        "i1",
        "index.html",
        True,
        0,
    )
    assert package.current_version == version


def test_only_an_activity_of_kind_content_takes_a_package(instructor):
    with pytest.raises(ValidationError):
        package_import(upload=upload(scorm12()), activity=ActivityFactory(kind="quiz"), by=instructor)
    assert_nothing_left()


def test_the_title_given_wins_over_the_manifests(instructor):
    version = package_import(upload=upload(scorm12()), title="  عنوان المدرب  ", by=instructor)
    assert version.package.title == "عنوان المدرب"


def test_a_new_version_leaves_the_old_one_playable(instructor):
    first = package_import(upload=upload(scorm12(title="v1")), by=instructor)
    old_files = stored_files(first.storage_prefix.rstrip("/"))
    second = package_version_add(package=first.package, upload=upload(cmi5()), by=instructor)
    assert second.number == 2 and second.storage_prefix != first.storage_prefix
    # The old version's rows and files are as they were.
    first.refresh_from_db()
    assert first.items.get().launch_path == "index.html"
    assert stored_files(first.storage_prefix.rstrip("/")) == old_files
    package = ContentPackage.objects.get()
    assert package.current_version == second
    # The package now says what its newest version is.
    assert package.kind == "cmi5"
    assert package.title == "v1"


def test_a_refused_new_version_changes_nothing(instructor):
    first = package_import(upload=upload(scorm12()), by=instructor)
    before = stored_files()
    with pytest.raises(PackageRejected):
        package_version_add(package=first.package, upload=upload(b"not a zip"), by=instructor)
    assert ContentPackageVersion.objects.count() == 1
    assert stored_files() == before


def _device(name: str = "dev/null") -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFCHR | 0o666) << 16
    return info


def _last_entry_patched(offset: int, fmt: str, value: int) -> bytes:
    """A package whose last central directory entry (secret.html) has one field changed."""
    data = bytearray(scorm12(extra={"secret.html": PAGE * 50}))
    position = data.rfind(b"PK\x01\x02")
    struct.pack_into(fmt, data, position + offset, value)
    return bytes(data)


def _encrypted() -> bytes:
    return _last_entry_patched(8, "<H", 0x1)  # general purpose flag: encrypted


def _lying_size() -> bytes:
    return _last_entry_patched(24, "<I", 10)  # uncompressed size: 10 bytes


BROKEN = {
    "path traversal": (lambda: zip_bytes({"imsmanifest.xml": "x", "../evil.html": PAGE}), "path_traversal"),
    "path traversal inside": (lambda: zip_bytes({"a/../../evil.html": PAGE}), "path_traversal"),
    "windows traversal": (lambda: zip_bytes({"..\\evil.html": PAGE}), "path_traversal"),
    "absolute name": (lambda: zip_bytes({"/etc/cron.d/evil": PAGE}), "absolute_path"),
    "drive letter": (lambda: zip_bytes({"C:/evil.html": PAGE}), "absolute_path"),
    "control character": (lambda: zip_bytes({"a\x01b.html": PAGE}), "bad_file_name"),
    "symlink": (lambda: with_entry(scorm12(), *symlink_entry()), "symlink"),
    "device": (lambda: with_entry(scorm12(), _device()), "special_file"),
    "encrypted": (_encrypted, "encrypted"),
    "zip bomb": (lambda: scorm12(extra={"zeros.bin": b"\0" * (2 * 1024 * 1024)}), "compression_ratio"),
    "file and folder": (lambda: scorm12(extra={"a": b"x", "a/b": b"y"}), "duplicate_entry"),
    "lying size": (_lying_size, "corrupt"),
    "not a zip": (lambda: b"# LMS Test Package\nThis is markdown, not a zip file.\n", "not_zip"),
    "truncated zip": (lambda: scorm12()[:-30], "not_zip"),
    "empty": (lambda: b"", "empty"),
    "no manifest": (lambda: zip_bytes({"test.htm": b""}), "no_manifest"),
    "manifest in a folder": (
        lambda: zip_bytes({"course/imsmanifest.xml": "<manifest/>"}),
        "manifest_not_at_root",
    ),
    "malformed xml": (lambda: zip_bytes({"imsmanifest.xml": "<manifest><item></manifest>"}), "malformed_xml"),
    "missing launch url": (
        lambda: zip_bytes(
            {
                "imsmanifest.xml": scorm12_manifest(
                    '<item identifier="i" identifierref="r"><title>I</title></item>',
                    '<resource identifier="r" adlcp:scormtype="sco"/>',
                )
            }
        ),
        "missing_launch_url",
    ),
    "duplicate au ids": (lambda: cmi5(cmi5_au() + cmi5_au()), "duplicate_au_id"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_refused_package_leaves_nothing_behind(case, instructor):
    make, code = BROKEN[case]
    rejection = refused(make(), instructor)
    assert rejection.code == code
    assert rejection.message  # a sentence for the instructor
    assert_nothing_left()


def test_a_duplicate_name_in_the_archive_is_refused(instructor):
    buffer = io.BytesIO()
    with pytest.warns(UserWarning), zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("imsmanifest.xml", "<manifest/>")
        archive.writestr("imsmanifest.xml", "<manifest/>")
    assert refused(buffer.getvalue(), instructor).code == "duplicate_entry"
    assert_nothing_left()


def test_limits_come_from_the_settings(instructor, settings):
    settings.CONTENT_MAX_FILES = 3
    rejection = refused(scorm12(extra={"a.js": b"1", "b.js": b"2"}), instructor)
    assert rejection.code == "too_many_files"
    assert "4" in rejection.message and "3" in rejection.message

    settings.CONTENT_MAX_FILES = 100
    settings.CONTENT_MAX_PACKAGE_BYTES = 500
    assert refused(scorm12(extra={"big.bin": os.urandom(600)}), instructor).code == "too_large"

    settings.CONTENT_MAX_PACKAGE_BYTES = 10_000_000
    settings.CONTENT_MAX_UNCOMPRESSED_BYTES = 5000
    assert refused(scorm12(extra={"big.bin": os.urandom(6000)}), instructor).code == "too_large_uncompressed"

    settings.CONTENT_MAX_UNCOMPRESSED_BYTES = 10_000_000
    settings.CONTENT_MAX_MANIFEST_BYTES = 100
    assert refused(scorm12(), instructor).code == "manifest_too_large"
    assert_nothing_left()


def test_a_storage_failure_half_way_deletes_the_files_already_stored(instructor, monkeypatch):
    saved: list[str] = []
    storage_class = type(storages["default"])
    real_save = storage_class.save

    def failing_save(self, name, content, max_length=None):
        if saved:
            raise OSError("disk full")
        saved.append(real_save(self, name, content, max_length=max_length))
        return saved[-1]

    monkeypatch.setattr(storage_class, "save", failing_save)
    with pytest.raises(OSError, match="disk full"):
        package_import(upload=upload(scorm12()), by=instructor)
    assert saved  # one file had been stored …
    assert_nothing_left()  # … and is gone


def test_a_database_failure_after_storing_deletes_the_files(instructor, monkeypatch):
    def failing_bulk_create(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(ContentItem.objects, "bulk_create", failing_bulk_create)
    with pytest.raises(RuntimeError):
        package_import(upload=upload(scorm12()), by=instructor)
    assert_nothing_left()


def test_file_names_in_arabic_and_with_spaces_are_kept(instructor):
    items = '<item identifier="i" identifierref="r"><title>درس</title></item>'
    resources = '<resource identifier="r" adlcp:scormtype="sco" href="دروس/الدرس%20الأول.html"/>'
    data = zip_bytes({"imsmanifest.xml": scorm12_manifest(items, resources), "دروس/الدرس الأول.html": PAGE})
    version = package_import(upload=upload(data), by=instructor)
    assert version.file_path("دروس/الدرس الأول.html") in stored_files()


def test_many_files_each_just_under_the_ratio_threshold_are_refused_as_a_whole(instructor):
    # The bomb: 400 files of just under 1 MiB of zeros, a 442 KB upload writing 400 MiB.
    almost = b"\0" * (1024 * 1024 - 1)
    data = scorm12(extra={f"pad/{n:03}.bin": almost for n in range(400)})
    assert len(data) < 600 * 1024
    rejection = refused(data, instructor)
    assert rejection.code == "archive_ratio"
    assert "442.4\xa0KB" in rejection.message and "400.0\xa0MB" in rejection.message
    assert_nothing_left()


def test_a_package_past_the_storage_quota_is_refused_with_what_is_used(instructor, settings):
    package_import(upload=upload(scorm12(extra={"a.bin": os.urandom(4000)})), by=instructor)
    used = ContentPackageVersion.objects.get().uncompressed_size
    settings.CONTENT_STORAGE_QUOTA_BYTES = used + 3000
    files_before = stored_files()
    rejection = refused(scorm12(extra={"b.bin": os.urandom(4000)}), instructor)
    assert rejection.code == "quota"
    assert "There is no room for this package" in rejection.message
    assert ContentPackageVersion.objects.count() == 1 and stored_files() == files_before
