"""The manifest of a backup: what it holds, and whether it can be restored here.

The manifest is written last, so a backup that stopped half-way has none and is refused as
incomplete. Every file it lists carries its SHA-256, so a damaged copy is found before a restore
changes anything.
"""

import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader

FORMAT = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


class BackupRefused(Exception):
    """A backup cannot be made or restored; the message says why in plain words."""


@dataclass
class Manifest:
    tadrib_version: str
    created_at: str
    engine: str
    database_file: str
    database_sha256: str
    database_bytes: int
    migrations: dict[str, list[str]]
    counts: dict[str, int]
    # storage alias -> stored name -> (sha256, bytes)
    files: dict[str, dict[str, tuple[str, int]]] = field(default_factory=dict)
    missing_references: list[str] = field(default_factory=list)
    seconds: float = 0.0
    format: int = FORMAT

    def write(self, directory: Path) -> None:
        text = json.dumps(self.__dict__, ensure_ascii=False, indent=1, sort_keys=True)
        (directory / MANIFEST).write_text(text, encoding="utf-8")

    @classmethod
    def read(cls, directory: Path) -> "Manifest":
        path = directory / MANIFEST
        if not path.is_file():
            raise BackupRefused(
                f"{directory} holds no {MANIFEST}: the backup is incomplete (it did not finish) or this "
                "is not a backup folder."
            )
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or not isinstance(data.get("format"), int):
                raise ValueError("not a manifest")
            if data["format"] > FORMAT:
                raise BackupRefused(
                    f"The backup was made by a newer Tadrib (backup format {data['format']}); upgrade "
                    "Tadrib to that version before restoring it."
                )
            data["files"] = {
                alias: {name: (str(entry[0]), int(entry[1])) for name, entry in names.items()}
                for alias, names in data["files"].items()
            }
            manifest = cls(**data)
        except BackupRefused:
            raise
        except (ValueError, TypeError, KeyError, AttributeError, IndexError) as error:
            raise BackupRefused(f"{path} is damaged and cannot be read ({error}).") from None
        for alias, names in manifest.files.items():
            for name in names:
                name_check(alias, name)
        return manifest


def name_check(alias: str, name: str) -> None:
    """A stored name from a manifest must stay inside its storage: no absolute path, no ``..``."""
    path = PurePosixPath(name)
    if not name or path.is_absolute() or ".." in path.parts or "\\" in name or "\x00" in name:
        raise BackupRefused(f"The manifest lists a file name that is not safe to restore: {alias}:{name!r}.")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def tadrib_version() -> str:
    with (Path(settings.BASE_DIR) / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["project"]["version"]


def schema_check(manifest: Manifest) -> None:
    """Refuse a backup whose database has migrations this version of Tadrib does not know."""
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations.keys()
    unknown = sorted(
        f"{app}.{name}"
        for app, names in manifest.migrations.items()
        for name in names
        if (app, name) not in known
    )
    if unknown:
        shown = ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")
        raise BackupRefused(
            f"The backup comes from a newer schema (Tadrib {manifest.tadrib_version}): this version does "
            f"not know its migrations {shown}. Install the same or a newer Tadrib, then restore."
        )


def integrity_check(manifest: Manifest, directory: Path) -> None:
    """Every file the manifest lists is there, with its size and checksum; else refuse."""
    if manifest.engine != connection.vendor:
        raise BackupRefused(
            f"The backup holds a {manifest.engine} database; this site runs on {connection.vendor}."
        )
    expected = [(directory / manifest.database_file, manifest.database_sha256, manifest.database_bytes)]
    expected += [
        (directory / "files" / alias / name, sha256, size)
        for alias, names in manifest.files.items()
        for name, (sha256, size) in names.items()
    ]
    for path, sha256, size in expected:
        if not path.is_file():
            raise BackupRefused(f"The backup is incomplete: {path} is missing.")
        if path.stat().st_size != size or sha256_of(path) != sha256:
            raise BackupRefused(f"The backup is damaged: {path} does not match its checksum.")
