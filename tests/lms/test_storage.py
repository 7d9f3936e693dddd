"""Sending a stored file: the view's response for a file on disk (object storage: the integration
tier, tests/integration/test_storage_s3.py)."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, InMemoryStorage
from django.http import Http404

from lms.api import stored_file_put, stored_file_response


@pytest.fixture(params=["disk", "memory"])
def storage(request, tmp_path):
    return FileSystemStorage(location=tmp_path) if request.param == "disk" else InMemoryStorage()


def test_a_stored_file_is_sent_whole_with_its_type_and_name(storage):
    name = storage.save("certificates/TDR-1.pdf", ContentFile(b"%PDF-1.4 certificate"))
    response = stored_file_response(storage, name, as_attachment=True, filename="TDR-1.pdf")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 certificate"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="TDR-1.pdf"'
    assert response["Content-Length"] == "20"


def test_a_missing_file_is_not_found_not_a_server_error(storage):
    with pytest.raises(Http404):
        stored_file_response(storage, "certificates/gone.pdf")


def test_a_file_is_put_under_exactly_its_name_and_a_taken_name_is_refused(storage):
    assert (
        stored_file_put(storage, "packages/f/index.html", ContentFile(b"<p>1</p>")) == "packages/f/index.html"
    )
    with pytest.raises(OSError):
        stored_file_put(storage, "packages/f/index.html", ContentFile(b"<p>2</p>"))
    assert storage.open("packages/f/index.html").read() == b"<p>1</p>"
