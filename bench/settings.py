"""Settings for the benchmark server: the embedded settings against PostgreSQL, plus a bare view."""

from lms.settings.dev import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "bench.urls"
LOGGING = {"version": 1, "disable_existing_loggers": False}

# Persistent database connections, as a production deployment behind gunicorn has them.
DATABASES["default"]["CONN_MAX_AGE"] = 60  # noqa: F405
