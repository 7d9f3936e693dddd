"""Local-disk storage when the disk fills up half-way through a file: no part of it stays."""

import errno

import pytest
from django.core.files.base import ContentFile

from lms.storage import FileSystemStorage


class FillsTheDisk(ContentFile):
    """Its first chunk is written; the second finds no room, as a write to a full disk does."""

    def chunks(self, chunk_size=None):
        yield b"x" * 1024
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_file_the_disk_had_no_room_for_leaves_nothing(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    with pytest.raises(OSError) as raised:
        storage.save("documents/report.pdf", FillsTheDisk(b"", name="report.pdf"))
    assert raised.value.errno == errno.ENOSPC
    assert not (tmp_path / "documents" / "report.pdf").exists()
    assert storage.save("documents/report.pdf", ContentFile(b"whole")) == "documents/report.pdf"


def test_a_file_already_there_is_never_removed(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    storage.save("documents/report.pdf", ContentFile(b"kept"))
    with pytest.raises(OSError):
        storage.save("documents/report.pdf", FillsTheDisk(b"", name="report.pdf"))
    assert (tmp_path / "documents" / "report.pdf").read_bytes() == b"kept"
    assert [p.name for p in (tmp_path / "documents").iterdir()] == ["report.pdf"]
