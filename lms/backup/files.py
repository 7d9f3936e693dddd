"""The files half of a backup: every file of the backed-up storages, through Django's storage API.

Walking the storage (``listdir``) rather than the database's references also keeps content
packages' files, which rows name by folder, not one by one. The walk runs after the database
snapshot: a file the snapshot refers to was stored before its row committed, so it is found;
files stored later come along too and are harmless orphans after a restore (the nightly sweep
removes package leftovers). ADR 0022.
"""

import hashlib
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, storages

from .manifest import CHUNK, BackupRefused


def backed_up_aliases() -> list[str]:
    """The storages a backup holds (settings BACKUP_STORAGES): uploads, not the static files."""
    return list(getattr(settings, "BACKUP_STORAGES", ["default", "private"]))


def _walk(storage: Storage, folder: str = "") -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}{name}"
    for sub in sorted(folders):
        yield from _walk(storage, f"{folder}{sub}/")


def files_copy(directory: Path) -> dict[str, dict[str, tuple[str, int]]]:
    """Copy every stored file under ``directory/files/<alias>/``; return their checksums and sizes."""
    listed: dict[str, dict[str, tuple[str, int]]] = {}
    for alias in backed_up_aliases():
        storage = storages[alias]
        listed[alias] = {}
        for name in _walk(storage):
            target = directory / "files" / alias / name
            target.parent.mkdir(parents=True, exist_ok=True)
            digest, size = hashlib.sha256(), 0
            try:
                with storage.open(name, "rb") as source, target.open("wb") as copy:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        copy.write(chunk)
            except FileNotFoundError:
                # Deleted between the listing and the copy (a replaced upload, a swept orphan).
                target.unlink(missing_ok=True)
                continue
            listed[alias][name] = (digest.hexdigest(), size)
    return listed


def files_conflict_check(files: dict[str, dict[str, tuple[str, int]]], directory: Path) -> None:
    """Refuse when the target storage already holds another file under a name the backup restores."""
    for alias, names in files.items():
        if alias not in storages.backends:
            raise BackupRefused(f"The backup holds files of a storage this site does not have: {alias}.")
        storage = storages[alias]
        for name, (sha256, _size) in names.items():
            if storage.exists(name):
                digest = hashlib.sha256()
                with storage.open(name, "rb") as present:
                    while chunk := present.read(CHUNK):
                        digest.update(chunk)
                if digest.hexdigest() != sha256:
                    raise BackupRefused(
                        f"The storage {alias} already holds another file named {name}: restore into empty "
                        "storage, so that nothing there is overwritten."
                    )


def files_restore(files: dict[str, dict[str, tuple[str, int]]], directory: Path) -> list[tuple[str, str]]:
    """Store the backed-up files under their own names; return what was written, for an undo."""
    written: list[tuple[str, str]] = []
    try:
        for alias, names in files.items():
            storage = storages[alias]
            for name in names:
                if storage.exists(name):
                    continue  # the same content, checked by files_conflict_check
                with (directory / "files" / alias / name).open("rb") as source:
                    saved = storage.save(name, File(source, name=name))
                written.append((alias, saved))
                if saved != name:
                    raise BackupRefused(f"The storage {alias} stored {name} as {saved}.")
    except BaseException:
        files_remove(written)
        raise
    return written


def files_remove(written: list[tuple[str, str]]) -> None:
    for alias, name in written:
        storages[alias].delete(name)
