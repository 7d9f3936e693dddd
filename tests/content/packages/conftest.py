"""Each test of packages starts with an empty in-memory storage, so what it stored is all there is;
messages are read in English. ``unreachable_s3`` makes it an object storage that does not answer."""

import socket
from collections.abc import Iterator

import pytest
from botocore.config import Config
from django.core.files.storage import default_storage
from django.utils import translation

from lms.settings.objectstorage import s3_storages
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


@pytest.fixture
def unreachable_s3(settings) -> Iterator[None]:
    """django-storages' S3Storage at a loopback port held by a socket that never listens: every
    connection is refused at once. Tried once, not three times as shipped, to keep the test quick."""
    with socket.socket() as unanswered:
        unanswered.bind(("127.0.0.1", 0))
        storages = s3_storages(
            bucket="tadrib",
            endpoint_url=f"http://127.0.0.1:{unanswered.getsockname()[1]}",
            access_key_id="tadrib",
            secret_access_key="tadrib-secret",
            region="us-east-1",
            media_url=settings.MEDIA_URL,
        )
        options = storages["default"]["OPTIONS"]
        options["client_config"] = options["client_config"].merge(
            Config(retries={"mode": "standard", "total_max_attempts": 1})
        )
        settings.STORAGES = {**settings.STORAGES, "default": storages["default"]}
        yield
