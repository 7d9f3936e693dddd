"""Object storage (ADR 0021): with the S3 settings on, against the local S3 server of the test
session, packages import into the bucket all or nothing and play from it on the content origin;
documents, certificates and exports are stored there and reach only whoever may have them."""

import datetime
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from botocore.exceptions import EndpointConnectionError
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from analytics.exports.models import Export
from analytics.tasks import export_build_task
from certification.credentials.models import Certificate
from content.packages.errors import Code, PackageRejected
from content.packages.models import ContentPackageVersion
from content.packages.services import package_import
from content.packages.storage import orphans_sweep
from courses.enrolment.services import enrolment_request
from courses.models import Activity
from lms.celery import app as celery_app
from lms.people.roles import Role
from tests.analytics.factories import built_world
from tests.certification.factories import course_with_rule, trainee_completing
from tests.content.packages.builders import scorm12, upload
from tests.courses.factories import ActivityFactory, CohortFactory, CourseModuleFactory
from tests.lms.factories import UserFactory

CORPUS = (Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus").resolve()
LMS, CONTENT = "localhost", "127.0.0.1"
PACKAGES = "media/content/packages/"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def origins(settings):
    settings.SITE_URL = f"http://{LMS}"
    settings.CONTENT_ORIGIN = f"http://{CONTENT}"


@pytest.fixture
def in_process_tasks() -> Iterator[None]:
    """Tasks run here, where the settings point at the test's bucket (the session's worker does not)."""
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = eager


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def enrolled_lesson(data: bytes, name: str = "package.zip"):
    cohort = CohortFactory(starts_on=timezone.localdate() - datetime.timedelta(days=1))
    activity = ActivityFactory(module=CourseModuleFactory(course=cohort.course), kind=Activity.Kind.CONTENT)
    trainee = UserFactory()
    enrolment_request(user=trainee, cohort=cohort)
    instructor = UserFactory(role=Role.INSTRUCTOR)
    version = package_import(upload=upload(data, name), activity=activity, by=instructor)
    return trainee, activity, version


def package_file(version: ContentPackageVersion, path: str):
    folder = version.storage_prefix.rstrip("/").rpartition("/")[2]
    return Client().get(f"/play/c/files/{folder}/{path}", HTTP_HOST=CONTENT)


@pytest.mark.skipif(not (CORPUS / "CATALOG.md").is_file(), reason=f"no shared corpus at {CORPUS}")
def test_a_real_package_imports_into_the_bucket_and_plays_from_it_on_the_content_origin(s3_storage):
    data = (CORPUS / "scorm12" / "singlescobasic.zip").read_bytes()
    trainee, activity, version = enrolled_lesson(data, "singlescobasic.zip")

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        expected = {name: archive.read(name) for name in archive.namelist() if not name.endswith("/")}
    stored = s3_storage.keys(f"media/{version.storage_prefix}")
    assert sorted(stored) == sorted(f"media/{version.storage_prefix}{name}" for name in expected)

    # The trainee's lesson page frames the player; its files come from the bucket, byte for byte.
    assert signed_in(trainee).get(f"/play/activity/{activity.pk}/", HTTP_HOST=LMS).status_code == 200
    response = package_file(version, "shared/launchpage.html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert int(response["Content-Length"]) == len(expected["shared/launchpage.html"])
    assert b"".join(response.streaming_content) == expected["shared/launchpage.html"]
    assert "frame-ancestors" in response["Content-Security-Policy"]


def test_the_content_origin_serves_package_files_by_the_same_rules_as_from_disk(s3_storage):
    _trainee, activity, version = enrolled_lesson(scorm12())
    page = package_file(version, "index.html")
    assert page.status_code == 200 and b"".join(page.streaming_content).startswith(b"<")
    # Someone not enrolled gets no lesson; the files answer only on the content origin, only by
    # the version's folder, only inside it.
    assert signed_in(UserFactory()).get(f"/play/activity/{activity.pk}/", HTTP_HOST=LMS).status_code == 403
    folder = version.storage_prefix.rstrip("/").rpartition("/")[2]
    assert Client().get(f"/play/c/files/{folder}/index.html", HTTP_HOST=LMS).status_code == 404
    assert package_file(version, "missing.html").status_code == 404
    assert package_file(version, "../../private/x").status_code == 404
    unknown = Client().get(f"/play/c/files/{'0' * 32}/index.html", HTTP_HOST=CONTENT)
    assert unknown.status_code == 404


def test_an_import_that_fails_after_its_files_are_uploaded_leaves_nothing_in_the_bucket(
    s3_storage, monkeypatch
):
    def refused(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("content.packages.services._save", refused)
    with pytest.raises(RuntimeError):
        enrolled_lesson(scorm12())
    assert s3_storage.keys(PACKAGES) == []
    assert not ContentPackageVersion.objects.exists()


def test_an_upload_that_breaks_half_way_leaves_nothing_in_the_bucket(s3_storage, monkeypatch):
    # The S3 client of the storage itself (the fixture swaps what default_storage wraps).
    client = storages["default"].connection.meta.client
    put = client.put_object
    uploaded = []

    def breaking(**request):
        if len(uploaded) == 2:
            raise EndpointConnectionError(endpoint_url=s3_storage.endpoint_url)
        uploaded.append(request["Key"])
        return put(**request)

    monkeypatch.setattr(client, "put_object", breaking)
    # The outage reaches the instructor as a refusal in their language (ADR 0024 §8), not a 500.
    with pytest.raises(PackageRejected) as refused:
        enrolled_lesson(scorm12(extra={f"page{n}.html": b"<p>page</p>" for n in range(5)}))
    assert refused.value.code == Code.STORAGE_OUT_OF_REACH
    assert len(uploaded) == 2
    assert s3_storage.keys(PACKAGES) == []
    assert not ContentPackageVersion.objects.exists()


def test_a_refused_package_uploads_nothing(s3_storage):
    with pytest.raises(PackageRejected):
        package_import(upload=SimpleUploadedFile("x.zip", b"not a zip"), by=UserFactory())
    assert s3_storage.keys() == []


def test_the_orphan_sweep_removes_a_package_folder_no_version_names_from_the_bucket(s3_storage):
    _trainee, _activity, version = enrolled_lesson(scorm12())
    orphan = "content/packages/" + "f" * 32 + "/"
    default_storage.save(f"{orphan}index.html", ContentFile(b"<p>left by a crash</p>"))
    assert orphans_sweep(grace=datetime.timedelta(0)) == [orphan]
    assert s3_storage.keys(f"media/{orphan}") == []
    assert s3_storage.keys(f"media/{version.storage_prefix}") != []


def test_a_document_from_the_bucket_reaches_its_enrolled_trainee_only(s3_storage):
    cohort = CohortFactory()
    document = get_document_model()(title="Plan")
    document.file.save("plan.pdf", ContentFile(b"%PDF-1.4 plan"), save=False)
    document.save()
    assert s3_storage.keys("media/documents/") == [f"media/{document.file.name}"]
    activity = ActivityFactory(
        module=CourseModuleFactory(course=cohort.course), kind=Activity.Kind.FILE, document=document
    )
    trainee = UserFactory()
    enrolment_request(user=trainee, cohort=cohort)
    url = reverse("courses:activity_file", args=[activity.pk, document.pk])

    response = signed_in(trainee).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 plan"
    assert response["Content-Disposition"].startswith('attachment; filename="plan')
    assert signed_in(UserFactory()).get(url).status_code == 404


def test_a_video_from_the_bucket_is_sent_in_the_parts_a_phones_player_asks_for(s3_storage):
    cohort = CohortFactory()
    clip = bytes(range(256)) * 8
    document = get_document_model()(title="Clip")
    document.file.save("clip.mp4", ContentFile(clip), save=False)
    document.save()
    activity = ActivityFactory(
        module=CourseModuleFactory(course=cohort.course), kind=Activity.Kind.FILE, document=document
    )
    trainee = UserFactory()
    enrolment_request(user=trainee, cohort=cohort)
    client = signed_in(trainee)
    url = reverse("courses:activity_file", args=[activity.pk, document.pk])

    whole = client.get(url)
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    # The bucket answers the range itself: only the part travels.
    for header, first, last in (("bytes=0-1", 0, 1), ("bytes=1000-", 1000, 2047), ("bytes=-48", 2000, 2047)):
        part = client.get(url, HTTP_RANGE=header)
        assert part.status_code == 206
        assert part["Content-Range"] == f"bytes {first}-{last}/2048"
        assert part["Content-Length"] == str(last - first + 1)
        assert b"".join(part.streaming_content) == clip[first : last + 1]
    refused = client.get(url, HTTP_RANGE="bytes=2048-")
    assert refused.status_code == 416 and refused["Content-Range"] == "bytes */2048"


def test_a_certificate_is_stored_in_the_bucket_and_its_pdf_fetched_by_its_owner_only(
    s3_storage, in_process_tasks
):
    _rule, activity, cohort = course_with_rule()
    user, _enrolment = trainee_completing(activity, cohort)
    certificate = Certificate.objects.get(user=user)
    assert s3_storage.keys("media/certificates/") == [f"media/{certificate.pdf.name}"]
    url = reverse("certificates:certificate_pdf", args=[certificate.serial])

    response = signed_in(user).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert signed_in(UserFactory()).get(url).status_code == 404


def test_an_export_is_written_to_the_private_part_of_the_bucket_for_whoever_asked(
    s3_storage, monkeypatch, settings
):
    settings.ANALYTICS_EXPORT_DIRECT_ROWS = 1
    built_world(monkeypatch)
    director = signed_in(UserFactory(role=Role.CENTRE_DIRECTOR))
    director.get(reverse("analytics:report_export", args=["rates", "csv"]))
    export = Export.objects.get()
    export_build_task.apply(args=[str(export.pk)])
    export.refresh_from_db()
    assert s3_storage.keys("private/") == [f"private/{export.file}"]

    download = director.get(reverse("analytics:export_download", args=[export.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).decode("utf-8-sig").splitlines()[1].startswith("A,")
    other = signed_in(UserFactory(role=Role.CENTRE_DIRECTOR))
    assert other.get(reverse("analytics:export_download", args=[export.pk])).status_code == 404


def test_an_image_and_its_rendition_are_in_the_bucket_linked_and_served_on_the_content_origin(
    s3_storage, settings
):
    picture = io.BytesIO()
    PILImage.new("RGB", (400, 300), "teal").save(picture, "PNG")
    image = get_image_model()(title="Cycle")
    image.file = ImageFile(io.BytesIO(picture.getvalue()), name="cycle.png")
    image.save()
    rendition = image.get_rendition("max-200x200|format-webp")
    assert s3_storage.keys("media/original_images/") == [f"media/{image.file.name}"]
    assert s3_storage.keys("media/images/") == [f"media/{rendition.file.name}"]
    assert rendition.url == f"{settings.MEDIA_URL}{rendition.file.name}"
    response = Client().get(f"/play/c/media/{rendition.file.name}", HTTP_HOST=CONTENT)
    assert response.status_code == 200 and response["Content-Type"] == "image/webp"
    assert PILImage.open(io.BytesIO(b"".join(response.streaming_content))).size == (200, 150)
