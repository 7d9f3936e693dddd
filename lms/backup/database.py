"""The database half of a backup: one consistent snapshot, and the restore into an empty database.

PostgreSQL: a REPEATABLE READ transaction exports its snapshot, and ``pg_dump --snapshot`` dumps
exactly what that transaction sees (custom format: compressed, restored table by table). The same
transaction counts the rows, lists the applied migrations and reads the file names the database
refers to, so the manifest describes the dump and nothing later. SQLite: its online backup API,
which copies a consistent image while the site keeps writing.
"""

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.core.files.storage import storages
from django.db import connection, transaction
from django.db.models import FileField
from django.utils.functional import LazyObject, empty

from .manifest import BackupRefused

POSTGRES_FILE = "database.dump"
SQLITE_FILE = "database.sqlite3"


@dataclass(frozen=True)
class Snapshot:
    migrations: dict[str, list[str]]
    counts: dict[str, int]
    # (storage alias, stored name) of every file a row refers to
    references: frozenset[tuple[str, str]]


def _postgres_env() -> dict[str, str]:
    settings = connection.settings_dict
    values = {
        "PGHOST": settings.get("HOST") or "",
        "PGPORT": str(settings.get("PORT") or ""),
        "PGUSER": settings.get("USER") or "",
        "PGPASSWORD": settings.get("PASSWORD") or "",
        "PGDATABASE": settings["NAME"],
    }
    return {**os.environ, **{key: value for key, value in values.items() if value}}


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupRefused(
            f"{name} is not installed: install the PostgreSQL client (apt install postgresql-client)."
        )
    return path


def _run(command: list[str]) -> None:
    # The command is pg_dump or pg_restore by absolute path, with arguments built here.
    result = subprocess.run(command, env=_postgres_env(), capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupRefused(
            f"{Path(command[0]).name} failed: {(result.stderr or result.stdout).strip()[-2000:]}"
        )


def _storage_alias(storage) -> str:
    if isinstance(storage, LazyObject):
        if storage._wrapped is empty:
            storage._setup()
        storage = storage._wrapped
    for alias in storages.backends:
        if storages[alias] is storage:
            return alias
    return "default"


def _snapshot_read(cursor) -> Snapshot:
    quote = connection.ops.quote_name
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    migrations: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        migrations.setdefault(app, []).append(name)
    counts = {}
    for table in sorted(connection.introspection.table_names(cursor)):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - names from introspection
        counts[table] = cursor.fetchone()[0]
    references = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, FileField) and model._meta.db_table in counts:
                alias = _storage_alias(field.storage)
                table, column = quote(model._meta.db_table), quote(field.column)
                cursor.execute(f"SELECT {column} FROM {table} WHERE {column} <> ''")  # noqa: S608
                references.update((alias, name) for (name,) in cursor.fetchall() if name)
    return Snapshot(migrations=migrations, counts=counts, references=frozenset(references))


def database_dump(directory: Path) -> tuple[str, Snapshot]:
    """Write the database into ``directory``; return the file's name and what the snapshot held."""
    if connection.vendor == "postgresql":
        pg_dump = _tool("pg_dump")
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot_id,) = cursor.fetchone()
            target = directory / POSTGRES_FILE
            _run(
                [
                    pg_dump,
                    "--format=custom",
                    f"--snapshot={snapshot_id}",
                    "--no-owner",
                    "--no-privileges",
                    f"--file={target}",
                ]
            )
            return POSTGRES_FILE, _snapshot_read(cursor)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(directory / SQLITE_FILE)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        copy = sqlite3.connect(directory / SQLITE_FILE)
        try:
            return SQLITE_FILE, _snapshot_read(copy.cursor())
        finally:
            copy.close()
    raise BackupRefused(f"Backups of a {connection.vendor} database are not supported.")


def database_empty_check() -> None:
    tables = connection.introspection.table_names()
    if tables:
        name = connection.settings_dict["NAME"]
        raise BackupRefused(
            f"The database {name} is not empty ({len(tables)} tables): restore only into a new, empty "
            "database (for PostgreSQL: createdb), so that nothing there is overwritten or mixed."
        )


def database_load(path: Path) -> None:
    """Load a dump into the (empty) database, all or nothing."""
    if connection.vendor == "postgresql":
        _run(
            [
                _tool("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={connection.settings_dict['NAME']}",
                str(path),
            ]
        )
    else:
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    connection.close()  # the next query sees the restored schema afresh


def counts_read() -> dict[str, int]:
    with connection.cursor() as cursor:
        return _snapshot_read(cursor).counts
