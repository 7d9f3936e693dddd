"""Uploading a package in the admin while the object storage is out of reach (ADR 0024): the
upload form again, with what was typed, saying in the instructor's language that nothing was kept
and to try again in a few minutes — 503 with Retry-After, counted and logged as the error page
would be — not the error page that loses their place. django-storages' S3Storage is pointed at a
loopback port where nothing listens (``unreachable_s3``)."""

import logging

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import example, given
from hypothesis import strategies as st
from prometheus_client import REGISTRY

from content.packages.errors import Code, reject
from content.packages.models import ContentPackage
from content.packages.services import package_import
from tests.content.packages.builders import scorm12, upload
from tests.content.packages.test_handlers_fuzz import VALID_ZIPS, mutated
from tests.content.packages.test_services_package_import_storage_down import PACKAGE
from tests.content.packages.test_wagtail_hooks import content_activity_taught_by, packager, signed_in
from tests.fuzz import fuzz_settings

pytestmark = pytest.mark.django_db


def counted(view: str) -> float:
    sample = {"view": view, "service": "storage"}
    return REGISTRY.get_sample_value("tadrib_http_unavailable_total", sample) or 0.0


def told_to_try_again(response, language: str) -> str:
    assert response.status_code == 503, response.text[:2000]
    assert response["Retry-After"] == "30"
    with translation.override(language):
        message = reject(Code.STORAGE_OUT_OF_REACH).message
    page = response.text
    assert message in page and "nothing of it was kept" not in message, "in the instructor's language"
    assert 'enctype="multipart/form-data"' in page, "the form, not the error page"
    assert "EndpointConnectionError" not in page and "127.0.0.1" not in page
    return page


@pytest.mark.parametrize("language", ["ar", "ckb"])
def test_an_upload_during_an_outage_comes_back_on_its_form_in_the_instructors_language(
    language, request, caplog
):
    instructor = packager()
    instructor.preferred_language = language
    instructor.save(update_fields=["preferred_language"])
    activity = content_activity_taught_by(instructor)
    request.getfixturevalue("unreachable_s3")
    before = counted("content_packages:add")
    with caplog.at_level(logging.INFO, logger="django.request"):
        response = signed_in(instructor).post(
            reverse("content_packages:add"),
            {"title": "مقدمة في الحوكمة", "activity": activity.pk, "upload": upload(PACKAGE)},
        )
    page = told_to_try_again(response, language)
    assert 'value="مقدمة في الحوكمة"' in page, "what was typed is kept"
    assert not ContentPackage.objects.exists()
    assert counted("content_packages:add") == before + 1
    (logged,) = [record for record in caplog.records if record.name == "django.request"]
    assert logged.levelname == "WARNING" and "Object storage out of reach" in logged.getMessage()
    assert logged.exc_info is None


def test_a_new_version_during_an_outage_comes_back_on_the_edit_form_and_changes_nothing(request):
    instructor = packager()
    version = package_import(upload=upload(scorm12(title="v1")), by=instructor)
    request.getfixturevalue("unreachable_s3")
    response = signed_in(instructor).post(
        reverse("content_packages:edit", args=[version.package.pk]),
        {"title": "renamed", "upload": upload(PACKAGE)},
    )
    told_to_try_again(response, "ar")
    package = ContentPackage.objects.get()
    assert package.title == "v1" and package.versions.count() == 1


@pytest.mark.usefixtures("unreachable_s3")
@fuzz_settings(40)
@given(
    data=st.one_of(st.binary(max_size=2000), st.sampled_from(VALID_ZIPS).flatmap(mutated)),
    title=st.text(max_size=300),
)
@example(data=PACKAGE, title="")  # a good package: only the outage refuses it
def test_hostile_uploads_during_an_outage_are_never_a_500_and_keep_nothing(data, title):
    """Whatever is sent, the answer is the form again: the package's own fault (200) or the
    outage (503), never a 500, and no package is kept."""
    client = Client(raise_request_exception=False)
    client.force_login(packager())
    response = client.post(reverse("content_packages:add"), {"title": title, "upload": upload(data)})
    assert response.status_code in (200, 503), response.text[:2000]
    assert not ContentPackage.objects.exists()
