"""Each test of packages starts with an empty in-memory storage, so what it stored is all there is;
messages are read in English."""

import pytest
from django.core.files.storage import default_storage
from django.utils import translation

from tests.lms.factories import UserFactory


@pytest.fixture(autouse=True)
def english():
    """Messages are compared in English (the source language), whatever the site's default."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def empty_storage(settings):
    # Assigning STORAGES makes Django drop its storage instances; the next use makes a new one.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    yield default_storage


def stored_files(prefix: str = "") -> list[str]:
    """Every file name in default_storage under ``prefix``."""
    found: list[str] = []

    def walk(folder: str) -> None:
        try:
            folders, files = default_storage.listdir(folder)
        except FileNotFoundError:
            return
        found.extend(f"{folder}/{name}".lstrip("/") for name in files)
        for sub in folders:
            walk(f"{folder}/{sub}".lstrip("/"))

    walk(prefix)
    return sorted(found)


@pytest.fixture
def instructor(db):
    from lms.api import Role

    return UserFactory(role=Role.INSTRUCTOR)
