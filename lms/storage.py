"""Local-disk storage that leaves nothing half-written when the disk fills up.

Django's ``FileSystemStorage`` writes a file chunk by chunk and, when a write fails (no room
left, ENOSPC), closes it and lets the error rise: the part already written stays on disk with no
row naming it. Here that part is removed before the error rises, so an upload refused by a full
disk leaves neither a row nor a file (ADR 0024).
"""

import contextlib
import os

from django.core.files.storage import FileSystemStorage as DjangoFileSystemStorage


class FileSystemStorage(DjangoFileSystemStorage):
    def _save(self, name: str, content) -> str:
        path = self.path(name)
        # A file already there is someone else's: Django then writes under another name.
        was_there = os.path.lexists(path)
        try:
            return super()._save(name, content)
        except OSError:
            if not was_there:
                with contextlib.suppress(FileNotFoundError):
                    os.remove(path)
            raise
