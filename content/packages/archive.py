"""Opening an uploaded ZIP safely: every name and size is checked before anything is extracted.

Refused: anything that is not a ZIP archive; names that are absolute or climb out of the
package (``../x``, ``/etc/x``, ``C:\\x``) or hold control characters; links, devices, pipes
and sockets (the Unix file type in the entry's external attributes); encrypted entries; the
same name twice; more files, more bytes once extracted, or a higher compression ratio — of one
file or of the whole archive — than the ``CONTENT_MAX_*`` settings allow (a ZIP bomb). While copying, the bytes really read are counted
again, so a lying header cannot get past the limits either.
"""

import lzma
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, BinaryIO

from content import conf

from .errors import Code, Size, reject

SUPPORTED_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
ALLOWED_TYPES = {0, stat.S_IFREG, stat.S_IFDIR}
# What zipfile and the decompressors raise on a damaged archive.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    OSError,
    ValueError,
    struct.error,
    NotImplementedError,
    OverflowError,
    IndexError,
    KeyError,
    TypeError,
)
CHUNK = 64 * 1024
MAX_NAME = 1024
MAX_SEGMENT = 255


@dataclass(frozen=True)
class Entry:
    name: str  # normalised: "folder/file.html"
    info: zipfile.ZipInfo

    @property
    def size(self) -> int:
        return self.info.file_size


def normalise(raw: str) -> tuple[str, bool]:
    """The entry's safe relative path and whether it is a folder; refuses unsafe names."""
    name = raw.replace("\\", "/")
    if name.startswith("/") or (len(name) >= 2 and name[1] == ":" and name[0].isalpha()):
        raise reject(Code.ABSOLUTE_PATH, name=raw)
    if any(ord(c) < 32 or ord(c) == 127 for c in name) or len(name) > MAX_NAME:
        raise reject(Code.BAD_FILE_NAME, name=raw.encode("unicode_escape").decode("ascii")[:200])
    is_folder = name.endswith("/")
    segments = name.split("/")
    if ".." in segments:
        raise reject(Code.PATH_TRAVERSAL, name=raw)
    kept = [s for s in segments if s not in ("", ".")]
    if any(len(s) > MAX_SEGMENT for s in kept):
        raise reject(Code.BAD_FILE_NAME, name=raw[:200])
    return "/".join(kept), is_folder


class SafeArchive:
    """A ZIP archive whose entries have passed the checks; files are read by normalised name."""

    def __init__(self, zf: zipfile.ZipFile, entries: dict[str, Entry]) -> None:
        self._zip = zf
        self._entries = entries
        self.names = frozenset(entries)

    @classmethod
    def open(cls, fileobj: IO[bytes], *, size: int) -> "SafeArchive":
        if size <= 0:
            raise reject(Code.EMPTY)
        limit = conf.get("CONTENT_MAX_PACKAGE_BYTES")
        if size > limit:
            raise reject(Code.TOO_LARGE, size=Size(size), limit=Size(limit))
        try:
            fileobj.seek(0)
            zf = zipfile.ZipFile(fileobj)
            infos = zf.infolist()
        except ZIP_ERRORS:
            raise reject(Code.NOT_ZIP) from None
        try:
            return cls(zf, cls._check(infos, upload_size=size))
        except BaseException:
            zf.close()
            raise

    @staticmethod
    def _check(infos: list[zipfile.ZipInfo], *, upload_size: int) -> dict[str, Entry]:
        max_files = conf.get("CONTENT_MAX_FILES")
        if len(infos) > max_files:
            raise reject(Code.TOO_MANY_FILES, count=len(infos), limit=max_files)
        max_total = conf.get("CONTENT_MAX_UNCOMPRESSED_BYTES")
        max_ratio = conf.get("CONTENT_MAX_COMPRESSION_RATIO")
        ratio_from = conf.get("CONTENT_RATIO_MIN_BYTES")
        entries: dict[str, Entry] = {}
        folders: set[str] = set()
        total = 0
        for info in infos:
            name, is_folder = normalise(info.filename)
            file_type = stat.S_IFMT(info.external_attr >> 16)
            if file_type == stat.S_IFLNK:
                raise reject(Code.SYMLINK, name=info.filename)
            if file_type not in ALLOWED_TYPES:
                raise reject(Code.SPECIAL_FILE, name=info.filename)
            if is_folder or file_type == stat.S_IFDIR:
                if name:
                    folders.add(name)
                continue
            if not name:
                raise reject(Code.BAD_FILE_NAME, name=info.filename)
            if info.flag_bits & 0x1:
                raise reject(Code.ENCRYPTED, name=info.filename)
            if info.compress_type not in SUPPORTED_METHODS:
                raise reject(Code.CORRUPT, name=info.filename)
            if name in entries:
                raise reject(Code.DUPLICATE_ENTRY, name=name)
            total += info.file_size
            if total > max_total:
                raise reject(Code.TOO_LARGE_UNCOMPRESSED, limit=Size(max_total))
            if info.file_size >= ratio_from and info.file_size > max_ratio * max(info.compress_size, 1):
                raise reject(Code.COMPRESSION_RATIO, name=name, ratio=max_ratio)
            entries[name] = Entry(name=name, info=info)
        # The whole archive is held to the ratio as well: 400 files just under the per-file
        # threshold in a 442 KB upload would otherwise write 400 MiB.
        if total >= ratio_from and total > max_ratio * upload_size:
            raise reject(Code.ARCHIVE_RATIO, size=Size(total), upload=Size(upload_size), ratio=max_ratio)
        # A name cannot be both a file and a folder ("a" and "a/b"): storage could not hold both.
        for name in entries:
            parts = name.split("/")
            for depth in range(1, len(parts)):
                if "/".join(parts[:depth]) in entries:
                    raise reject(Code.DUPLICATE_ENTRY, name="/".join(parts[:depth]))
        return entries

    # --- Reading ---------------------------------------------------------------------------

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def total_size(self) -> int:
        return sum(entry.size for entry in self._entries.values())

    def read(self, name: str) -> bytes:
        """A small file (a manifest): refused above ``CONTENT_MAX_MANIFEST_BYTES``."""
        entry = self._entries[name]
        limit = conf.get("CONTENT_MAX_MANIFEST_BYTES")
        if entry.size > limit:
            raise reject(Code.MANIFEST_TOO_LARGE, name=name, limit=Size(limit))
        return b"".join(self.chunks(entry, limit=limit))

    def chunks(self, entry: Entry, *, limit: int | None = None) -> Iterator[bytes]:
        """The entry's bytes, never more than it declared (nor than ``limit``)."""
        allowed = entry.size if limit is None else min(entry.size, limit)
        read = 0
        try:
            with self._zip.open(entry.info) as stream:
                while True:
                    chunk = stream.read(CHUNK)
                    if not chunk:
                        break
                    read += len(chunk)
                    if read > allowed:
                        raise reject(Code.CORRUPT, name=entry.name)
                    yield chunk
        except ZIP_ERRORS:
            raise reject(Code.CORRUPT, name=entry.name) from None
        if read != entry.size:
            raise reject(Code.CORRUPT, name=entry.name)

    def copy(self, entry: Entry, target: BinaryIO) -> int:
        written = 0
        for chunk in self.chunks(entry):
            target.write(chunk)
            written += len(chunk)
        return written

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> "SafeArchive":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
