"""The integration tier runs on PostgreSQL, migrated like production."""

import pytest
from django.db import connection

from lms.people.models import Governorate

pytestmark = pytest.mark.django_db


def test_database_is_postgresql():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        (version,) = cursor.fetchone()
    assert "PostgreSQL" in version


def test_migrations_seed_the_nineteen_governorates():
    assert Governorate.objects.count() == 19
    assert Governorate.objects.get(code="halabja").name_en == "Halabja"
