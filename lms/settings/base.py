"""Settings shared by every environment.

Every secret and URL comes from the environment through the one reader, ``env``; the defaults
are those of the embedded mode (SQLite, local media, in-process tasks), so ``make run`` needs
nothing else installed. Settings modules import no app code.
"""

from pathlib import Path

import environ
from celery.schedules import crontab

from .objectstorage import s3_storages

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

SECRET_KEY = env.str("SECRET_KEY", default="insecure-development-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Where uploaded content packages are served from. It must be another origin than the LMS,
# so that package scripts never see the LMS session cookie (ARCHITECTURE.md, "Content security").
CONTENT_ORIGIN = env.str("CONTENT_ORIGIN", default="http://127.0.0.1:8000")
SITE_URL = env.str("SITE_URL", default="http://localhost:8000")
# The xAPI version the LRS answers a request under when it names none it speaks (ADR 0020):
# xAPI 1.0.3 and 2.0 each want their own there, and nothing else in such a request tells them apart.
LRS_DEFAULT_VERSION = env.str("LRS_DEFAULT_VERSION", default="1.0.3")

INSTALLED_APPS = [
    "lms",
    "lms.people",
    "courses",
    "content",
    "certification",
    "analytics",
    "wagtail.contrib.forms",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.table_block",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "lms.people.apps.TadribUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "phonenumber_field",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # First: the request id and the request's metrics and log line cover everything after them.
    "lms.observability.requestid.RequestIdMiddleware",
    "lms.observability.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The content origin is served as anonymous and answers only the player's paths.
    "content.player.middleware.ContentOriginMiddleware",
    "lms.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Axes after authentication, so that it sees its outcome.
    "axes.middleware.AxesMiddleware",
    # Last: it needs the person and the language, and answers a kept page through all the others.
    "lms.pagecache.PageCacheMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                # The centre's settings (cached) and the admin link: lms/context_processors.py.
                "lms.context_processors.site",
                # Higher apps contribute navigation links by name; lms imports none of them.
                "courses.context_processors.navigation",
                "analytics.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite runs in WAL mode with immediate transactions so that the web process and in-process
# tasks can write without "database is locked" errors; PostgreSQL comes from DATABASE_URL.
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'tadrib.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, Celery ---------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # While Redis is away pages go on without a cache (lms/redis_cache.py, ADR 0024).
    CACHES = {"default": {"BACKEND": "lms.redis_cache.DegradingRedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
# Without a broker, tasks run in-process (the embedded default); with one, a worker runs them.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_RESULT_EXTENDED = True
# At least once: a task's message is acknowledged when the task ends, not when it starts, so a
# worker killed mid-task (OOM, a power cut, SIGKILL) leaves it to be run again; every task is
# safe to run twice. A pool process that dies puts its message back at once; a whole worker
# that dies leaves it in Redis until the visibility timeout, when another worker takes it.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Seconds before Redis hands an unacknowledged message to another worker: longer than the
# longest task and the longest countdown (an SMS retry waits up to an hour), or a task still
# running or waiting would be run twice; shorter means a lost worker's work resumes sooner.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    # A broker that does not answer is given up after 2 s (ADR 0024, lms/celery.py).
    "socket_connect_timeout": 2,
}
# Minutes a bulk-enrolment list (checking, applying) or a certificate (pending) may wait for its
# job, with no live worker on it, before beat queues the job again: a lost worker's work resumes
# in minutes, not after the visibility timeout (ADR 0025).
COURSES_BULK_STUCK_MINUTES = env.int("COURSES_BULK_STUCK_MINUTES", default=10)
CERTIFICATION_PENDING_STUCK_MINUTES = env.int("CERTIFICATION_PENDING_STUCK_MINUTES", default=10)
CELERY_TASK_SERIALIZER = "json"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# With Redis down, a web process queueing a task on commit tried for 20 s to resubscribe to the
# result store before giving up (nobody waits on results in production): a few tenths now, and
# a broker that does not answer is given up after 2 s (ADR 0024, lms/celery.py).
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
}
# The worker logs through LOGGING below (JSON lines with the request id), not Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Nightly work, run by `celery beat` in production (the embedded mode has no beat).
CELERY_BEAT_SCHEDULE = {
    "courses-cohorts-daily": {"task": "courses.tasks.cohorts_daily", "schedule": crontab(hour=2, minute=30)},
    # Package files left by an upload that crashed before its row was written.
    "content-package-orphans-daily": {
        "task": "content.package_orphans_sweep",
        "schedule": crontab(hour=3, minute=15),
    },
    # Master trainers whose programme certificate waited for sessions they had yet to deliver.
    "certification-master-trainers-daily": {
        "task": "certification.master_trainers_recheck",
        "schedule": crontab(hour=3, minute=45),
    },
}

# --- People and authentication ---------------------------------------------------------------
AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "lms.people.auth.IdentifierBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "people:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
PHONENUMBER_DEFAULT_REGION = "IQ"
PHONENUMBER_DB_FORMAT = "E164"

# Login throttling: five failures for one identifier locks it for a while.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
# Locked by identifier, not by IP address: a training hub's trainees share one NAT address, and
# one person's typos must not lock the whole room out.
AXES_LOCKOUT_PARAMETERS = ["username"]
# The sign-in forms post the identifier as "username", whatever the model calls it.
AXES_USERNAME_FORM_FIELD = "username"
# One counter per person: the identifier normalised as sign-in reads it (case, spaces, full-width
# letters, phone formats), so no variant of it earns more guesses.
AXES_USERNAME_CALLABLE = "lms.people.auth.lockout_key"
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_LOCKOUT_TEMPLATE = "people/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Password-reset e-mails to one address in an hour (lms.people.services.password_reset_allowance_take).
PEOPLE_PASSWORD_RESETS_PER_HOUR = env.int("PEOPLE_PASSWORD_RESETS_PER_HOUR", default=3)

# --- Quizzes ---------------------------------------------------------------------------------
# Minutes after a timed attempt's deadline in which answers given in time, offline, still count
# when they arrive (an exam-time internet shutdown); the overdue sweep waits as long. 0: refused
# after the deadline, whenever they were given (ADR 0025).
ASSESSMENT_OFFLINE_ANSWER_MINUTES = env.int("ASSESSMENT_OFFLINE_ANSWER_MINUTES", default=180)

# --- Certificates (defaults in certification/credentials/conf.py) ------------------------------
CERTIFICATION_SIGNING_KEY = env.str("CERTIFICATION_SIGNING_KEY", default="")
CERTIFICATION_DID_WEB_DOMAIN = env.str("CERTIFICATION_DID_WEB_DOMAIN", default="")

# --- Languages -------------------------------------------------------------------------------
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", "العربية"), ("en", "English"), ("ckb", "کوردی")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and numbers as Iraq writes them, in each of the three languages (lms/formats/, ADR 0008).
FORMAT_MODULE_PATH = ["lms.formats"]
LANGUAGE_COOKIE_NAME = "tadrib_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
USE_I18N = True
TIME_ZONE = "Asia/Baghdad"
USE_TZ = True

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Static files and media ------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/scorm-again", BASE_DIR / "node_modules" / "scorm-again" / "dist"),
    ("vendor/h5p-standalone", BASE_DIR / "node_modules" / "h5p-standalone" / "dist"),
]
# Nothing uploaded is ever served from the LMS origin, where its script would run with the
# visitor's session: images (the only public uploads) are served on the content origin, by
# ``content:public_media``, which answers for the images' folders only.
MEDIA_URL = f"{CONTENT_ORIGIN.rstrip('/')}/play/c/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Files no URL may serve (bulk-enrolment lists: names, phones, employee numbers), kept outside
# MEDIA_ROOT so that no web server configured for media can reach them either.
PRIVATE_ROOT = env.path("PRIVATE_ROOT", default=str(VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "lms.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "lms.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Object storage (ADR 0021): with S3_BUCKET set, the two storages above live in that bucket on any
# S3-compatible service (AWS, MinIO, Ceph, Garage…), so that several web and worker machines share
# the files; S3_ENDPOINT_URL empty means AWS itself. Static files stay on each machine.
S3_BUCKET = env.str("S3_BUCKET", default="")
S3_ENDPOINT_URL = env.str("S3_ENDPOINT_URL", default="")
S3_ACCESS_KEY_ID = env.str("S3_ACCESS_KEY_ID", default="")
S3_SECRET_ACCESS_KEY = env.str("S3_SECRET_ACCESS_KEY", default="")
S3_REGION = env.str("S3_REGION", default="us-east-1")
if S3_BUCKET:
    STORAGES.update(
        s3_storages(
            bucket=S3_BUCKET,
            endpoint_url=S3_ENDPOINT_URL,
            access_key_id=S3_ACCESS_KEY_ID,
            secret_access_key=S3_SECRET_ACCESS_KEY,
            region=S3_REGION,
            media_url=MEDIA_URL,
        )
    )

# --- Wagtail ---------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Tadrib"
WAGTAILADMIN_BASE_URL = SITE_URL
# No Gravatar: staff avatars would come from another site (broken on closed networks, and each
# staff member's e-mail hash sent out).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor does the admin ask wagtail.org for new releases: operators upgrade through requirements.txt.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# A damaged image is refused with a message instead of failing the upload (lms/image_upload.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "lms.image_upload.ImageForm"
# Documents always go through Wagtail's view, which asks the ``before_serve_document`` hooks who may
# download them (courses.learning.documents), never straight from storage.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Room for all content packages' files together (content.conf has the other package limits).
CONTENT_STORAGE_QUOTA_BYTES = env.int("CONTENT_STORAGE_QUOTA_BYTES", default=50 * 1024**3)
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]

# --- E-mail ----------------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Tadrib <no-reply@localhost>")
# The SMTP server (production's default backend); `manage.py deploy_check` signs in to it.
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

# --- SMS (courses.conf holds the defaults) ---------------------------------------------------
COURSES_SMS_BACKEND = env.str(
    "COURSES_SMS_BACKEND", default="courses.notifications.sms.console.ConsoleBackend"
)
COURSES_SMS_GATEWAY_URL = env.str("COURSES_SMS_GATEWAY_URL", default="")
COURSES_SMS_GATEWAY_TOKEN = env.str("COURSES_SMS_GATEWAY_TOKEN", default="")

# --- Security headers ------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CONTENT_SECURITY_POLICY = {
    # The Wagtail and Django admins rely on inline styles and scripts they generate; they are
    # open to staff only and still refuse framing (X_FRAME_OPTIONS).
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # Uploaded images are served on the content origin (MEDIA_URL).
        "img-src": ["'self'", "data:", CONTENT_ORIGIN],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", CONTENT_ORIGIN],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}

# --- Logs and metrics (lms/observability/, ADR 0023) ---------------------------------------------
# "json": one JSON object a line, for a log collector; "text" for a person at a terminal.
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "lms.observability.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "lms.observability.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": LOG_FORMAT}
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    # Tadrib's own request and task lines (tadrib.request, tadrib.task), one per request or task run.
    "loggers": {
        "tadrib": {
            "handlers": ["console"],
            "level": env.str("TADRIB_LOG_LEVEL", default="INFO"),
            "propagate": False,
        }
    },
}
# /metrics answers these addresses (direct connections only, not through nginx) or the bearer token.
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=["127.0.0.1/32", "::1/128"])
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
