"""The deployment checks of the parts ``lms`` knows: database, cache, broker, worker, storage,
static files, e-mail and the LMS's own address. Higher apps add theirs (the content origin, the
SMS gateway) through ``lms.api.deploy_check_register``.

Each says what it found, or what is wrong and what to change, in the words an operator uses:
the service to start, the variable in the environment file, the command to run.
"""

import smtplib
import socket
import ssl
from urllib.parse import urlsplit, urlunsplit
from uuid import uuid4

import httpx
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, InMemoryStorage, storages
from django.core.mail import get_connection
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor

from lms.storage import storage_out_of_reach

from .registry import DeployContext, DeployProblem, DeployWarning, deploy_check_register

ENV_FILE = "the environment file (/etc/tadrib/tadrib.env)"


def redacted(url: str) -> str:
    """``url`` without its password, to be shown on a terminal and in logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else error.__class__.__name__


def database(context: DeployContext) -> str:
    where = str(connection.settings_dict.get("NAME"))
    if connection.vendor != "sqlite":
        where += f" at {connection.settings_dict.get('HOST') or 'the local socket'}"
        where += f":{connection.settings_dict['PORT']}" if connection.settings_dict.get("PORT") else ""
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        raise DeployProblem(
            f"The database {where} refused or did not answer: {first_line(error)}",
            "Start PostgreSQL (`systemctl status postgresql`) and check DATABASE_URL in "
            f"{ENV_FILE}: host, port, user, password and database name.",
        ) from error
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        raise DeployProblem(
            f"The database {where} answers, but {len(pending)} migration(s) are not applied.",
            "Run `manage.py migrate` (after a backup: `manage.py backup --to DIR`).",
        )
    if connection.vendor == "sqlite":
        raise DeployWarning(
            "The database is SQLite (the embedded mode): one machine, a few dozen trainees at once.",
            f"Set DATABASE_URL to a PostgreSQL database in {ENV_FILE}.",
        )
    return f"{connection.display_name} {where}, all migrations applied"


def cache_check(context: DeployContext) -> str:
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    location = redacted(str(settings.CACHES["default"].get("LOCATION", "")))
    key, value = f"deploy-check-{uuid4().hex}", uuid4().hex
    try:
        cache.set(key, value, 30)
        found = cache.get(key)
        cache.delete(key)
    except Exception as error:  # each cache backend raises its own errors
        raise DeployProblem(
            f"The cache {location} could not be reached: {first_line(error)}",
            f"Start Redis (`systemctl status redis-server`) and check REDIS_URL in {ENV_FILE}.",
        ) from error
    if found != value:
        raise DeployProblem(
            f"The cache {location} did not keep a value for a second.",
            "Redis may be out of memory or set to evict everything: check `maxmemory` in redis.conf.",
        )
    if backend == "LocMemCache":
        raise DeployWarning(
            "The cache lives in each process's memory: with several gunicorn workers, sign-in "
            "lockouts and password-reset limits are counted separately in each, and a change is "
            "forgotten only in the process that made it — the others show kept pages for up to "
            "10 minutes and course outlines for up to a day as they were (ADR 0026).",
            f"Set REDIS_URL in {ENV_FILE}.",
        )
    return f"{backend} at {location} keeps and gives back a value"


def _broker_connect(context: DeployContext) -> str:
    from lms.celery import app

    where = redacted(settings.CELERY_BROKER_URL)
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=context.timeout)
    except Exception as error:  # kombu raises its transport's errors
        raise DeployProblem(
            f"The task broker {where} could not be reached: {first_line(error)}",
            f"Start Redis (`systemctl status redis-server`) and check CELERY_BROKER_URL in {ENV_FILE}.",
        ) from error
    return where


def broker(context: DeployContext) -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        raise DeployWarning(
            "No task broker: bulk enrolment, certificates and messages run inside the web request.",
            f"Set CELERY_BROKER_URL (and CELERY_RESULT_BACKEND) in {ENV_FILE}, and start "
            "tadrib-worker and tadrib-beat.",
        )
    return f"{_broker_connect(context)} accepts a connection"


def worker(context: DeployContext) -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "tasks run in-process (no broker)"
    from lms.celery import app

    _broker_connect(context)
    replies = app.control.ping(timeout=min(3.0, context.timeout))
    if not replies:
        raise DeployProblem(
            "No Celery worker answered: queued tasks (enrolment lists, certificates, e-mail) wait.",
            "Start it: `systemctl enable --now tadrib-worker`; if it stops again, read "
            "`journalctl -u tadrib-worker`.",
        )
    return f"{len(replies)} worker(s) answered: {', '.join(sorted(name for r in replies for name in r))}"


def _storage_where(storage) -> str:
    if isinstance(storage, FileSystemStorage):
        return f"the folder {storage.location}"
    bucket = getattr(storage, "bucket_name", None)
    return f"the bucket {bucket}" if bucket else storage.__class__.__name__


def _storage_round_trip(alias: str, setting: str) -> str:
    storage = storages[alias]
    where = _storage_where(storage)
    if isinstance(storage, FileSystemStorage):
        fix = (
            f"Create it and give it to the service's user: `install -d -o tadrib -g tadrib "
            f"{storage.location}`; or set {setting} in {ENV_FILE} to such a folder."
        )
    else:
        fix = (
            f"Check S3_BUCKET, S3_ENDPOINT_URL, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY in {ENV_FILE}, "
            "and that the key may put, get and delete objects in the bucket."
        )
    payload = f"Tadrib deployment check {uuid4().hex}".encode()
    try:
        name = storage.save(f"deploy-check-{uuid4().hex}.txt", ContentFile(payload))
    except Exception as error:  # local disks and S3 fail differently
        if storage_out_of_reach(error):
            raise DeployProblem(
                f"The object storage of {where} did not answer: {first_line(error)}",
                f"Check that the S3 service runs and that S3_ENDPOINT_URL in {ENV_FILE} names it; "
                '/health/ says "degraded" while it is out of reach.',
            ) from error
        raise DeployProblem(f"A file could not be written to {where}: {first_line(error)}", fix) from error
    try:
        with storage.open(name, "rb") as handle:
            read = handle.read()
        storage.delete(name)
        gone = not storage.exists(name)
    except Exception as error:
        raise DeployProblem(
            f"A file written to {where} could not be read back or deleted: {first_line(error)}", fix
        ) from error
    if read != payload:
        raise DeployProblem(f"A file written to {where} came back different.", fix)
    if not gone:
        raise DeployProblem(f"A file deleted from {where} is still there.", fix)
    if isinstance(storage, InMemoryStorage):
        raise DeployWarning(f"Uploads are kept in memory ({alias}) and lost at restart.", fix)
    return f"{where}: written, read back and deleted"


def storage(context: DeployContext) -> str:
    return _storage_round_trip("default", "MEDIA_ROOT")


def private_storage(context: DeployContext) -> str:
    return _storage_round_trip("private", "PRIVATE_ROOT")


def static_files(context: DeployContext) -> str:
    manifest = getattr(staticfiles_storage, "manifest_name", None)
    if manifest is None:
        return f"{staticfiles_storage.__class__.__name__} (no manifest to check)"
    if not staticfiles_storage.exists(manifest):
        raise DeployProblem(
            f"The static files have not been collected into {settings.STATIC_ROOT}: pages would fail.",
            "Run `manage.py collectstatic --noinput` (after each upgrade too).",
        )
    return f"collected in {settings.STATIC_ROOT}"


def email(context: DeployContext) -> str:
    backend = settings.EMAIL_BACKEND
    if not backend.endswith("smtp.EmailBackend"):
        raise DeployWarning(
            f"E-mail is not sent: EMAIL_BACKEND is {backend}. Password-reset links never arrive.",
            f"Set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and EMAIL_HOST, EMAIL_PORT, "
            f"EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS in {ENV_FILE}.",
        )
    where = f"{settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
    mail = get_connection(timeout=context.timeout)
    try:
        mail.open()
    except smtplib.SMTPAuthenticationError as error:
        raise DeployProblem(
            f"The mail server {where} refused the user name or password: {first_line(error)}",
            f"Check EMAIL_HOST_USER and EMAIL_HOST_PASSWORD in {ENV_FILE}.",
        ) from error
    except (ssl.SSLError, smtplib.SMTPNotSupportedError) as error:
        raise DeployProblem(
            f"TLS with the mail server {where} failed: {first_line(error)}",
            "Port 587 usually wants EMAIL_USE_TLS=true, port 465 EMAIL_USE_SSL=true; set one, not both.",
        ) from error
    except socket.gaierror as error:
        raise DeployProblem(
            f"The mail server's name {settings.EMAIL_HOST} cannot be resolved.",
            f"Check EMAIL_HOST in {ENV_FILE} and the server's DNS (/etc/resolv.conf).",
        ) from error
    except (OSError, smtplib.SMTPException) as error:
        raise DeployProblem(
            f"No mail server answered at {where}: {first_line(error)}",
            f"Check EMAIL_HOST and EMAIL_PORT in {ENV_FILE}, and that the firewall lets the server out.",
        ) from error
    finally:
        mail.close()
    signed_in = " and the sign-in" if settings.EMAIL_HOST_USER else ""
    return f"the mail server {where} accepted the connection{signed_in}"


def site(context: DeployContext) -> str:
    url = f"{settings.SITE_URL.rstrip('/')}/health/"
    try:
        response = context.http_get(url)
    except httpx.HTTPError as error:
        raise DeployProblem(
            f"SITE_URL ({settings.SITE_URL}) could not be reached: {first_line(error)}",
            "Check that nginx runs (`systemctl status nginx`), that the name resolves to this "
            "server, and its TLS certificate; SITE_URL is the address trainees type.",
        ) from error
    if response.is_redirect:
        raise DeployProblem(
            f"{url} redirects to {response.headers.get('location')}.",
            f"Set SITE_URL in {ENV_FILE} to the address it redirects to (https://…).",
        )
    try:
        report = response.json()
    except ValueError:
        report = {}
    if not isinstance(report, dict) or "checks" not in report:
        raise DeployProblem(
            f"{url} answered {response.status_code}, but not with Tadrib's health report.",
            "nginx must pass this host to gunicorn (deploy/nginx/tadrib.conf.template), and "
            f"ALLOWED_HOSTS in {ENV_FILE} must list it.",
        )
    return f"{settings.SITE_URL} answers (health: {report.get('status')})"


def register() -> None:
    for order, name, check in (
        (10, "database", database),
        (20, "cache", cache_check),
        (30, "broker", broker),
        (35, "worker", worker),
        (40, "storage", storage),
        (41, "private storage", private_storage),
        (45, "static files", static_files),
        (50, "e-mail", email),
        (60, "site", site),
    ):
        deploy_check_register(name=name, order=order, check=check)
