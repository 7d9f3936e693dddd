"""Production keeps its database connections, as the benchmarks measure (issue 9): a new
connection per request made the LRS about three times slower on PostgreSQL."""

import json
import os
import secrets
import subprocess
import sys

import pytest

CODE = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "d = s.DATABASES['default']; print(json.dumps([d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS']]))"
)


def _database_settings(**environment: str) -> list:
    env = {k: v for k, v in os.environ.items() if k != "CONN_MAX_AGE"}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="lms.example.iq",
        DJANGO_SETTINGS_MODULE="lms.settings.production",
        **environment,
    )
    result = subprocess.run([sys.executable, "-c", CODE], env=env, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("environment", "expected"),
    [({}, [60, True]), ({"CONN_MAX_AGE": "300"}, [300, True]), ({"CONN_MAX_AGE": "0"}, [0, True])],
)
def test_production_keeps_connections_with_health_checks(environment, expected):
    assert _database_settings(**environment) == expected
