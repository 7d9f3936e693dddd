"""Integration tier: PostgreSQL and Redis started by the test session, a real Celery worker.

``tests/integration/services.py`` starts the servers and exports DATABASE_URL, REDIS_URL,
CELERY_BROKER_URL, CELERY_RESULT_BACKEND and EMAIL_FILE_PATH before Django reads this module.
"""

from .base import *  # noqa: F403
from .base import STORAGES, VAR_DIR, env

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "integration-mail"))
# Uploads on disk, or in S3_BUCKET when a test process sets it (``services.s3_environment``).
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
# Static files are not collected for this tier; WhiteNoise then finds them on request instead of
# warning, at start-up, that STATIC_ROOT does not exist.
WHITENOISE_AUTOREFRESH = True
