"""Object storage out of reach (ADR 0024): the S3 settings point at a loopback port where nothing
listens (connections are refused, as when MinIO is stopped), then at the local S3 server again.

While it is out of reach a trainee's document and a lesson's package file answer 503 with
Retry-After and the page in Arabic, never a 500 or a traceback; a package uploaded then comes back
on its form with the reason (503 with Retry-After too), a document gets the 503 page, and neither
leaves a row or an object; /health/ says "degraded". When the storage is back, the same downloads
and uploads work without a restart.
"""

import contextlib
import logging
import socket
from collections.abc import Iterator

import pytest
from django.conf import settings as site_settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection

from content.packages.models import ContentPackage
from courses.enrolment.services import enrolment_request
from courses.learning.models import ActivityResult
from courses.models import Activity
from tests.content.packages.builders import scorm12, upload
from tests.content.packages.test_wagtail_hooks import content_activity_taught_by
from tests.courses.factories import ActivityFactory, CohortFactory, CourseModuleFactory
from tests.integration.services import S3Bucket, s3_settings
from tests.integration.test_storage_s3 import CONTENT, LMS, enrolled_lesson
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db
# The 503 page's own words (locale/ar), not the test's translation of them.
STORAGE_DOWN_AR = "لا يستطيع الخادم الوصول إلى مخزن ملفاته"
PACKAGE_NOT_STORED_AR = "تعذّر حفظ هذه الحزمة، ولم"


@pytest.fixture(autouse=True)
def origins(settings):
    settings.SITE_URL = f"http://{LMS}"
    settings.CONTENT_ORIGIN = f"http://{CONTENT}"


@contextlib.contextmanager
def storage_out_of_reach(settings, bucket: S3Bucket) -> Iterator[None]:
    """The S3 settings pointed at a loopback port held by a socket that never listens: every
    connection is refused, and no other process can take the port meanwhile."""
    with socket.socket() as unanswered:
        unanswered.bind(("127.0.0.1", 0))
        port = unanswered.getsockname()[1]
        with s3_settings(settings, bucket.name, endpoint_url=f"http://127.0.0.1:{port}"):
            yield


def in_arabic(user=None) -> Client:
    client = Client(raise_request_exception=False, HTTP_ACCEPT="text/html")
    client.cookies[site_settings.LANGUAGE_COOKIE_NAME] = "ar"
    if user is not None:
        client.force_login(user)
    return client


def told_to_come_back(response) -> None:
    assert response.status_code == 503, response.content[:2000]
    assert int(response["Retry-After"]) > 0
    assert response["Content-Language"] == "ar"
    page = response.content.decode()
    assert 'lang="ar" dir="rtl"' in page and STORAGE_DOWN_AR in page
    assert "Traceback" not in page and "EndpointConnectionError" not in page and "127.0.0.1" not in page


def file_activity_with_document(trainee):
    cohort = CohortFactory()
    document = get_document_model()(title="دليل المتدرب")
    document.file.save("handbook.pdf", ContentFile(b"%PDF-1.4 handbook"), save=False)
    document.save()
    activity = ActivityFactory(
        module=CourseModuleFactory(course=cohort.course), kind=Activity.Kind.FILE, document=document
    )
    enrolment_request(user=trainee, cohort=cohort)
    return activity, reverse("courses:activity_file", args=[activity.pk, document.pk])


def uploads(instructor, activity_id: int) -> tuple:
    """A package and a document uploaded by ``instructor`` in the admin, as the forms send them."""
    client = in_arabic(instructor)
    package = client.post(
        reverse("content_packages:add"),
        {"title": "مقدمة في الحوكمة", "activity": activity_id, "upload": upload(scorm12(title="مقدمة"))},
        HTTP_HOST=LMS,
    )
    document = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "خطة التدريب",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan"),
        },
        HTTP_HOST=LMS,
    )
    return package, document


def test_a_storage_outage_is_503_in_arabic_keeps_no_upload_and_ends_when_the_storage_returns(
    s3_storage, settings, caplog
):
    trainee = UserFactory(preferred_language="ar")
    activity, document_url = file_activity_with_document(trainee)
    _player, _lesson, version = enrolled_lesson(scorm12())
    folder = version.storage_prefix.rstrip("/").rpartition("/")[2]
    package_file_url = f"/play/c/files/{folder}/index.html"
    instructor = UserFactory(is_superuser=True, is_staff=True, preferred_language="ar")
    upload_to = content_activity_taught_by(instructor)
    objects = s3_storage.keys()
    rows = (ContentPackage.objects.count(), get_document_model().objects.count())

    with storage_out_of_reach(settings, s3_storage), caplog.at_level(logging.WARNING, "django.request"):
        told_to_come_back(in_arabic(trainee).get(document_url, HTTP_HOST=LMS))
        told_to_come_back(in_arabic().get(package_file_url, HTTP_HOST=CONTENT))
        package, document = uploads(instructor, upload_to.pk)
        told_to_come_back(package)
        assert PACKAGE_NOT_STORED_AR in package.text, "the upload form again, with the reason"
        assert 'value="مقدمة في الحوكمة"' in package.text, "and what the instructor typed"
        told_to_come_back(document)
        health = Client().get("/health/", HTTP_HOST=LMS)

    # Nothing was kept of either upload, and the failed download completed nothing.
    assert (ContentPackage.objects.count(), get_document_model().objects.count()) == rows
    assert s3_storage.keys() == objects
    assert not ActivityResult.objects.filter(activity=activity, completed=True).exists()
    assert health.status_code == 200
    assert health.json()["status"] == "degraded"
    assert health.json()["checks"]["storage"] == {"ok": False, "detail": "EndpointConnectionError"}
    # Each outage answer is one warning with the request id; nothing is logged as a server error.
    logged = [record for record in caplog.records if record.name == "django.request"]
    assert [record.levelname for record in logged] == ["WARNING"] * 4
    assert all("Object storage out of reach" in record.getMessage() for record in logged)
    assert all(record.request_id not in ("", "-") for record in logged)

    # The storage is back: the same requests work, with no restart.
    with s3_settings(settings, s3_storage.name):
        downloaded = in_arabic(trainee).get(document_url, HTTP_HOST=LMS)
        assert downloaded.status_code == 200
        assert b"".join(downloaded.streaming_content) == b"%PDF-1.4 handbook"
        assert ActivityResult.objects.filter(activity=activity, completed=True).exists()
        played = in_arabic().get(package_file_url, HTTP_HOST=CONTENT)
        assert played.status_code == 200 and b"".join(played.streaming_content).startswith(b"<")
        package, document = uploads(instructor, upload_to.pk)
        assert (package.status_code, document.status_code) == (302, 302)
        assert Client().get("/health/", HTTP_HOST=LMS).json()["status"] == "ok"
    assert (ContentPackage.objects.count(), get_document_model().objects.count()) == (
        rows[0] + 1,
        rows[1] + 1,
    )
