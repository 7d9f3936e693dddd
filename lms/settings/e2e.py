"""Browser tier: PostgreSQL (started by ``tests/integration/services.py``), tasks in-process.

The live server answers the browser from several threads at once (a lesson, its frames, their
commits and statements). On SQLite in memory they would all share the test's one connection and
trip over each other's transactions; PostgreSQL gives each thread its own.
"""

from .integration import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# First, so that the browser tier can wait for every request a test's pages left behind before
# the test's data is flushed (tests/e2e/inflight.py).
MIDDLEWARE = ["tests.e2e.inflight.CountRequestsInFlight", *MIDDLEWARE]  # noqa: F405
