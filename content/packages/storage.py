"""The package files in storage: listing a version's folder, removing it, sweeping orphans.

Each version's files live under ``CONTENT_STORAGE_PREFIX/<uuid hex>/`` in ``default_storage``
(local disk in the embedded mode, object storage in production). An import stores the files
first and writes the version's row after; when it fails it removes its folder, but a process
killed half-way (a crash, a deploy, the OOM killer) cannot, so ``orphans_sweep`` — run daily by
beat and by ``manage.py content_orphans_sweep`` — removes the folders that no version row names
once they are older than any upload could still be running.
"""

import logging
import os
from datetime import datetime, timedelta

from django.core.files.storage import default_storage
from django.utils import timezone

from content import conf

from .models import ContentPackageVersion

logger = logging.getLogger(__name__)

# An import still copying files has no row yet: folders younger than this are left alone.
ORPHAN_GRACE = timedelta(hours=6)


def files_under(prefix: str) -> list[str]:
    """Every file name stored under ``prefix`` (a folder), at any depth."""
    folder = prefix.rstrip("/")
    try:
        folders, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    names = [f"{folder}/{name}" for name in files]
    for sub in folders:
        names.extend(files_under(f"{folder}/{sub}/"))
    return names


def prefix_remove(prefix: str, *, names: list[str] | None = None) -> None:
    """Deletes the files under ``prefix`` (or ``names``, when known) and, on a local disk, its
    folders too: FileSystemStorage deletes files and leaves their folders behind. When the storage
    cannot even list them (object storage out of reach), they are left for the orphan sweep, which
    deletes a prefix no version names: a failed import's cleanup must not hide why it failed."""
    if names is None:
        try:
            names = files_under(prefix)
        except Exception:
            logger.warning("Could not list %s; the orphan sweep will delete it", prefix, exc_info=True)
            return
    for name in names:
        try:
            default_storage.delete(name)
        except Exception:
            logger.warning("Could not delete %s", name, exc_info=True)
    _remove_empty_folders(prefix)


def _remove_empty_folders(prefix: str) -> None:
    try:
        root = default_storage.path(prefix.rstrip("/"))
    except NotImplementedError:
        return  # object storage has no folders
    if not os.path.isdir(root):
        return
    for folder, _subfolders, _files in os.walk(root, topdown=False):
        try:
            os.rmdir(folder)
        except OSError:
            logger.warning("Could not remove the folder %s", folder)


def _newest_change(names: list[str]) -> datetime | None:
    newest = None
    for name in names:
        try:
            changed = default_storage.get_modified_time(name)
        except (NotImplementedError, OSError):
            continue
        newest = changed if newest is None else max(newest, changed)
    return newest


def orphans_sweep(*, grace: timedelta = ORPHAN_GRACE, dry_run: bool = False) -> list[str]:
    """Removes the version folders no version row names, unchanged for ``grace``; returns them."""
    root = conf.get("CONTENT_STORAGE_PREFIX").strip("/")
    try:
        folders, _files = default_storage.listdir(root)
    except (FileNotFoundError, NotADirectoryError):
        return []
    known = set(ContentPackageVersion.objects.values_list("storage_prefix", flat=True))
    cutoff = timezone.now() - grace
    removed = []
    for folder in sorted(folders):
        prefix = f"{root}/{folder}/"
        if prefix in known:
            continue
        names = files_under(prefix)
        newest = _newest_change(names)
        if newest is not None and newest > cutoff:
            continue
        # The row may have been written while the files were listed: look once more.
        if ContentPackageVersion.objects.filter(storage_prefix=prefix).exists():
            continue
        removed.append(prefix)
        if not dry_run:
            prefix_remove(prefix, names=names)
            logger.info("Removed the orphaned package folder %s (%s files)", prefix, len(names))
    return removed
