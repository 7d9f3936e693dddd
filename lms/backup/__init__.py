"""Backup and restore of the whole site: the database and the stored files, with a manifest.

``manage.py backup --to DIR`` and ``manage.py restore --from DIR`` (lms/management/commands/) are
thin: the work is here, in three small modules — ``database`` (pg_dump / pg_restore, or SQLite's
online backup API), ``files`` (every file of the backed-up storages, through Django's storage API,
so local disk and S3 alike) and ``manifest`` (what a backup holds, and the checks made before a
restore changes anything). ADR 0022 explains the order: database snapshot first, files after.
"""
