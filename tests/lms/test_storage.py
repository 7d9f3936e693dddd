"""Sending a stored file: the view's response for a file on disk, whole or the one byte range the
request asks for (object storage: the integration tier, tests/integration/test_storage_s3.py)."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, InMemoryStorage
from django.http import Http404
from django.test import RequestFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


VIDEO = bytes(range(256)) * 40  # 10,240 bytes


def asked(header: str = "", **extra):
    return RequestFactory().get("/f", HTTP_RANGE=header, **extra) if header else RequestFactory().get("/f")


def test_a_file_sent_whole_says_that_parts_of_it_can_be_asked_for(storage):
    name = storage.save("documents/clip.mp4", ContentFile(VIDEO))
    response = stored_file_response(storage, name, request=asked())
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert b"".join(response.streaming_content) == VIDEO


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-", 0, 10239),
        ("bytes=0-1", 0, 1),
        ("bytes=5000-6999", 5000, 6999),
        ("bytes=-100", 10140, 10239),
    ],
)
def test_the_part_a_video_player_asks_for_is_sent_alone(storage, header, first, last):
    name = storage.save("documents/clip.mp4", ContentFile(VIDEO))
    response = stored_file_response(storage, name, request=asked(header), content_type="video/mp4")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{last}/10240"
    assert response["Content-Length"] == str(last - first + 1)
    assert response["Content-Type"] == "video/mp4"
    assert b"".join(response.streaming_content) == VIDEO[first : last + 1]


def test_a_part_of_a_download_keeps_the_files_name(storage):
    name = storage.save("certificates/TDR-1.pdf", ContentFile(b"%PDF-1.4 certificate"))
    response = stored_file_response(
        storage, name, request=asked("bytes=9-"), as_attachment=True, filename="TDR-1.pdf"
    )
    assert response.status_code == 206
    assert response["Content-Disposition"] == 'attachment; filename="TDR-1.pdf"'
    assert b"".join(response.streaming_content) == b"certificate"


def test_a_range_past_the_end_is_refused_with_the_files_length(storage):
    name = storage.save("documents/clip.mp4", ContentFile(VIDEO))
    response = stored_file_response(storage, name, request=asked("bytes=10240-"))
    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */10240"


@given(header=st.text(max_size=40) | st.from_regex(r"bytes=[0-9]{0,6}-[0-9]{0,6}", fullmatch=True))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_range_header_gets_the_whole_file_a_true_part_or_a_refusal(storage, header):
    name = "documents/any.mp4"
    if not storage.exists(name):
        storage.save(name, ContentFile(VIDEO))
    response = stored_file_response(storage, name, request=asked(header))
    if response.status_code == 200:
        assert b"".join(response.streaming_content) == VIDEO
    elif response.status_code == 206:
        first, last = (
            int(n) for n in response["Content-Range"].removeprefix("bytes ").split("/")[0].split("-")
        )
        assert b"".join(response.streaming_content) == VIDEO[first : last + 1]
    else:
        assert response.status_code == 416
