"""Fixtures shared by every tier."""

import pytest
from django.test import Client

from tests.lms.factories import UserFactory


@pytest.fixture
def trainee(db):
    return UserFactory()


@pytest.fixture
def trainee_client(trainee) -> Client:
    client = Client()
    client.force_login(trainee)
    return client


@pytest.fixture(autouse=True)
def _fresh_local_cache():
    """What one test cached (a course's outline, the catalogue's address) is not another's: row ids
    come again after a rollback. Only the in-process cache of the unit tier is emptied; a shared
    Redis may hold the integration tier's task queue."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    if isinstance(caches["default"], LocMemCache):
        caches["default"].clear()


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language: a request through the test client leaves its
    reader's language active in the thread (the middleware activates it and nothing resets it), so
    a test of names in Arabic failed after another test's English reader on the same worker."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
