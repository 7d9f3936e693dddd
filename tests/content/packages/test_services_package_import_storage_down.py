"""An import while the object storage is out of reach (ADR 0024): refused with a reason the
instructor can read, like a full disk, and nothing kept — no row, no file.

The storage is an in-memory one whose connection breaks after it stored two files (botocore's own
exceptions, as the S3 client raises them), or django-storages' S3Storage pointed at a loopback
port where nothing listens (``unreachable_s3``, conftest.py): the outside world is faked, the
import is real.
"""

import errno
from collections.abc import Callable, Iterator

import pytest
from botocore.exceptions import ClientError, ConnectTimeoutError, EndpointConnectionError, ReadTimeoutError
from django.core.files.storage import InMemoryStorage

from content.packages.errors import Code, PackageRejected
from content.packages.models import ContentPackage
from content.packages.services import package_import, package_version_add
from tests.content.packages.builders import scorm12, upload
from tests.content.packages.test_services_package_import import assert_nothing_left, refused

pytestmark = pytest.mark.django_db
ENDPOINT = "http://127.0.0.1:9/tadrib/media/content/packages/x/index.html"
# A package of five files, so that the storage breaks with some of them already stored.
PACKAGE = scorm12(extra={"a.html": b"<p>a</p>", "b.html": b"<p>b</p>"})


class StorageCutOff(InMemoryStorage):
    """An in-memory storage that stores two files, then raises ``fault()`` for every other one."""

    fault: Callable[[], Exception] = staticmethod(lambda: EndpointConnectionError(endpoint_url=ENDPOINT))

    def _save(self, name, content):
        self.saved = getattr(self, "saved", 0) + 1
        if self.saved > 2:
            raise type(self).fault()
        return super()._save(name, content)


@pytest.fixture
def cut_off(settings, monkeypatch) -> Iterator[Callable[[Callable[[], Exception]], None]]:
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.StorageCutOff"}}

    def breaks_with(fault: Callable[[], Exception]) -> None:
        monkeypatch.setattr(StorageCutOff, "fault", staticmethod(fault))

    yield breaks_with


OUTAGES = {
    "refused": lambda: EndpointConnectionError(endpoint_url=ENDPOINT),
    "connect timeout": lambda: ConnectTimeoutError(endpoint_url=ENDPOINT),
    # An OSError too (requests' ReadTimeout): an outage, not a name the disk refuses.
    "read timeout": lambda: ReadTimeoutError(endpoint_url=ENDPOINT),
    "slow down": lambda: ClientError(
        {"Error": {"Code": "SlowDown"}, "ResponseMetadata": {"HTTPStatusCode": 503}}, "PutObject"
    ),
}


@pytest.mark.parametrize("outage", OUTAGES.values(), ids=OUTAGES.keys())
def test_an_outage_half_way_is_refused_for_what_it_is_and_keeps_nothing(cut_off, instructor, outage):
    cut_off(outage)
    rejection = refused(PACKAGE, instructor)
    assert rejection.code == Code.STORAGE_OUT_OF_REACH
    assert "nothing of it was kept" in rejection.message
    assert type(rejection.__cause__) is type(outage())
    assert_nothing_left()  # the two files stored before the outage are gone too


def test_a_full_disk_is_still_refused_as_a_full_disk(cut_off, instructor):
    cut_off(lambda: OSError(errno.ENOSPC, "No space left on device"))
    assert refused(PACKAGE, instructor).code == Code.NO_ROOM
    assert_nothing_left()


def test_a_storage_that_answers_but_refuses_the_key_is_not_an_outage(cut_off, instructor):
    """Access denied is a setting to fix, not a moment to wait: it stays the error it is (a 500)."""
    cut_off(
        lambda: ClientError(
            {"Error": {"Code": "AccessDenied"}, "ResponseMetadata": {"HTTPStatusCode": 403}}, "PutObject"
        )
    )
    with pytest.raises(ClientError):
        package_import(upload=upload(PACKAGE), by=instructor)
    assert_nothing_left()


def test_an_s3_storage_out_of_reach_refuses_a_package(instructor, unreachable_s3):
    rejection = refused(PACKAGE, instructor)
    assert rejection.code == Code.STORAGE_OUT_OF_REACH
    assert isinstance(rejection.__cause__, EndpointConnectionError)
    assert not ContentPackage.objects.exists()


def test_a_new_version_refused_by_an_outage_leaves_the_package_as_it_was(instructor, request):
    version = package_import(upload=upload(scorm12(title="v1")), by=instructor)
    request.getfixturevalue("unreachable_s3")
    with pytest.raises(PackageRejected) as caught:
        package_version_add(package=version.package, upload=upload(PACKAGE), by=instructor)
    assert caught.value.code == Code.STORAGE_OUT_OF_REACH
    assert list(ContentPackage.objects.get().versions.values_list("number", "storage_prefix")) == [
        (1, version.storage_prefix)
    ]
