"""Images uploaded in the admin: a damaged or cut-short image is refused with a message, not a 500."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from wagtail.images import get_image_model

from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db


def png(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "PNG")
    return buffer.getvalue()


DAMAGED = {
    "cut-short.png": png()[:60],
    "corrupt.png": png()[:40] + b"\x00" * 100 + png()[140:],
    "header-only.jpg": b"\xff\xd8\xff\xe0" + b"\x00" * 50,
    "header-only.gif": b"GIF89a" + b"\xff" * 20,
    "header-only.webp": b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 20,
    "header-only.avif": b"\x00\x00\x00\x1cftypavif" + b"\x00" * 40,
}


@pytest.fixture
def admin_client() -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(is_superuser=True, is_staff=True, preferred_language="en"))
    return client


@pytest.mark.parametrize("name", list(DAMAGED))
def test_a_damaged_image_is_refused_with_a_message_and_nothing_is_kept(admin_client, name):
    response = admin_client.post(
        "/admin/images/add/", {"title": "صورة", "file": SimpleUploadedFile(name, DAMAGED[name])}
    )
    assert response.status_code == 200
    assert "damaged or cut short" in response.text or "not a valid image" in response.text
    assert get_image_model().objects.count() == 0


def test_the_multiple_uploader_refuses_it_too(admin_client):
    response = admin_client.post(
        "/admin/images/multiple/add/", {"files[]": SimpleUploadedFile("cut.png", DAMAGED["cut-short.png"])}
    )
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert get_image_model().objects.count() == 0


def test_a_whole_image_is_kept(admin_client):
    response = admin_client.post(
        "/admin/images/add/", {"title": "صورة", "file": SimpleUploadedFile("ok.png", png())}
    )
    assert response.status_code == 302
    assert get_image_model().objects.get().width == 40


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cut=st.integers(min_value=0, max_value=200),
    noise=st.binary(max_size=200),
    name=st.sampled_from(["a.png", "a.jpg", "a.gif", "a.webp", "a.svg", "a.heic", "a.avif"]),
)
def test_hostile_image_bytes_never_fail_the_server_and_a_refusal_keeps_nothing(
    admin_client, cut, noise, name
):
    whole = png()
    content = whole[:cut] + noise + whole[cut + len(noise) :]
    before = get_image_model().objects.count()
    response = admin_client.post(
        "/admin/images/add/", {"title": "t", "file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert get_image_model().objects.count() == before
