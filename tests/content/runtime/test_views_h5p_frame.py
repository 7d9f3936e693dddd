"""The H5P player frame: only on the content origin, framed by the LMS page only, never cached."""

import pytest
from django.test import Client

from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/play/c/h5p/"


@pytest.fixture(autouse=True)
def origins(settings):
    settings.SITE_URL = "http://localhost"
    settings.CONTENT_ORIGIN = "http://127.0.0.1"


def _get(host: str, query: str = "?lang=ar", **extra):
    return Client().get(URL + query, HTTP_HOST=host, **extra)


def test_the_frame_answers_on_the_content_host_in_the_trainees_language():
    response = _get("127.0.0.1")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "/static/vendor/h5p-standalone/main.bundle.js" in page
    assert "/static/vendor/h5p-standalone/frame.bundle.js" in page
    assert "/static/content/h5p-player.js" in page
    assert 'data-api-launch="/play/c/api/launch/"' in page


def test_english_reads_left_to_right_and_kurdish_right_to_left():
    assert '<html lang="en" dir="ltr">' in _get("127.0.0.1", "?lang=en").content.decode()
    assert '<html lang="ckb" dir="rtl">' in _get("127.0.0.1", "?lang=ckb").content.decode()


def test_an_unknown_language_falls_back_to_arabic():
    assert '<html lang="ar" dir="rtl">' in _get("127.0.0.1", "?lang=xx").content.decode()


def test_the_lms_host_does_not_serve_the_frame():
    assert _get("localhost").status_code == 404


def test_the_frame_is_framed_by_the_lms_origin_only_and_never_cached():
    response = _get("127.0.0.1")
    # The only policy on the page: h5p-standalone writes its inner frame with inline scripts.
    assert response["Content-Security-Policy"] == "frame-ancestors 'self' http://localhost"
    assert "X-Frame-Options" not in response
    assert response["Cache-Control"] == "no-store"


def test_the_frame_sets_no_cookie_even_for_a_signed_in_browser():
    client = Client()
    client.force_login(UserFactory())
    response = client.get(URL, HTTP_HOST="127.0.0.1")
    assert response.status_code == 200
    assert not response.cookies


def test_only_get_is_answered():
    assert Client().post(URL, HTTP_HOST="127.0.0.1").status_code == 405
