"""The health endpoint and the security headers of LMS pages."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

STRONG_KEY = "k7#Qz!9vL2mX@4pR8sT1wY6uB3nE5hJ0gF-dC_aZ+oI*lK&jH%"


def test_health_reports_database_cache_and_broker(client):
    response = client.get("/health/")
    assert response.status_code == 200
    report = response.json()
    assert report["status"] == "ok"
    assert set(report["checks"]) == {"database", "cache", "broker", "storage"}


def test_lms_pages_refuse_framing_and_carry_a_content_security_policy(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"ALLOWED_HOSTS": "lms.example.iq"}, "Set SECRET_KEY"),
        ({"SECRET_KEY": STRONG_KEY}, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": "x", "ALLOWED_HOSTS": "lms.example.iq"}, "too short or too simple"),
        ({"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "lms.example.iq"}, "too short or too simple"),
        ({"SECRET_KEY": "django-insecure-" + STRONG_KEY, "ALLOWED_HOSTS": "lms.example.iq"}, "too short"),
    ],
)
def test_production_refuses_to_start_without_a_strong_secret_key_or_hosts(environment, message):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS")}
    env.update(environment, DJANGO_SETTINGS_MODULE="lms.settings.production")
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert message in result.stderr


def test_production_sets_secure_cookies_and_hsts():
    env = dict(os.environ, SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="lms.example.iq")
    env["DJANGO_SETTINGS_MODULE"] = "lms.settings.production"
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0, s.DEBUG)"
    )
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["True", "True", "True", "False"]


def test_production_settings_pass_djangos_deploy_checks():
    """What `make lint` runs: no warning from `check --deploy` on the settings as shipped."""
    env = dict(os.environ, SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="lms.example.iq")
    env["DJANGO_SETTINGS_MODULE"] = "lms.settings.production"
    env["CERTIFICATION_SIGNING_KEY"] = "0" * 64  # production insists on its own key
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr
