"""Production: everything from the environment, and no start without a secret key and hosts."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, LOGGING, SILENCED_SYSTEM_CHECKS, env

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not SECRET_KEY or SECRET_KEY.startswith("insecure"):
    raise ImproperlyConfigured("Set SECRET_KEY in the environment: production refuses to start without it.")
# Django's own deploy check (security.W009) only warns about a short or simple key; sessions,
# password-reset links and signed launch tokens all rest on it, so production refuses to start.
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured(
        "SECRET_KEY is too short or too simple: use at least 50 random characters, e.g. the output of "
        "`python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`."
    )
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "Set ALLOWED_HOSTS in the environment: production refuses to start without it."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# Joining the browsers' preload list binds the domain and all its subdomains to HTTPS for months
# and is hard to undo: the operator opts in (SECURE_HSTS_PRELOAD), so `check --deploy` (run by
# `make lint`) does not ask for it.
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W021"]
# One JSON object a line for the log collector (LOG_FORMAT=text for reading at a terminal).
LOGGING["handlers"]["console"]["formatter"] = env.str("LOG_FORMAT", default="json")
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")

# Persistent database connections, checked before each reuse: the configuration docs/benchmarks.md
# measures. A new connection per request (Django's default, CONN_MAX_AGE=0) made the LRS about
# three times slower on PostgreSQL. Seconds; 0 goes back to a connection per request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
