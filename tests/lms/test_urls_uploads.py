"""Nothing uploaded is served from the LMS origin, in any mode; ``make run`` shows no debug pages."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import django
django.setup()
from django.conf import settings
from django.urls import Resolver404, resolve
from django.views.static import serve
try:
    served = resolve("/media/bulk-enrolments/2026/01/list.csv").func is serve
except Resolver404:
    served = False
print(settings.DEBUG, served)
"""


def test_make_run_settings_show_no_debug_pages_and_serve_no_media():
    env = {key: value for key, value in os.environ.items() if key != "DEBUG"}
    env["DJANGO_SETTINGS_MODULE"] = "lms.settings.dev"
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "False"]


@pytest.fixture
def origins(settings):
    settings.SITE_URL = "http://localhost"
    settings.CONTENT_ORIGIN = "http://127.0.0.1"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["bulk-enrolments/2026/01/list.csv", "documents/handout.pdf", "content/packages/x/index.html"]
)
def test_private_uploads_are_served_on_neither_origin(origins, name):
    default_storage.save(name, ContentFile(b"<script>alert(1)</script> 07701234567"))
    for host, url in [("localhost", f"/media/{name}"), ("127.0.0.1", f"/play/c/media/{name}")]:
        response = Client().get(url, HTTP_HOST=host)
        assert response.status_code == 404, (host, url)


@pytest.mark.django_db
def test_images_are_served_on_the_content_origin_only_and_cannot_run(origins):
    name = default_storage.save("images/photo.max-800x600.png", ContentFile(b"\x89PNG\r\n"))
    on_content = Client().get(f"/play/c/media/{name}", HTTP_HOST="127.0.0.1")
    assert on_content.status_code == 200
    assert "sandbox" in on_content["Content-Security-Policy"]
    assert on_content["X-Content-Type-Options"] == "nosniff"
    assert Client().get(f"/play/c/media/{name}", HTTP_HOST="localhost").status_code == 404
    assert Client().get(f"/play/c/media/../{name}", HTTP_HOST="127.0.0.1").status_code == 404
