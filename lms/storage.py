"""Storing and sending files, whichever storage holds them: local disk or object storage.

The view decides who may have the file; this only sends it. On disk, Django's FileResponse streams
the open file. From object storage (ADR 0021), django-storages' file object would ask for the
object's headers and then download all of it, through s3transfer's thread pool, before the first
byte leaves; instead the body of one GET is streamed in chunks, with its length, as it arrives.

``FileSystemStorage`` is the local-disk storage: Django's, except that a file a full disk cut short
(ENOSPC) is removed before the error rises, so a refused upload leaves neither row nor file (ADR 0024).

``storage_out_of_reach`` tells an object-storage outage (the service refused, timed out or answered
5xx / SlowDown) from a fault of the request or the settings (a missing key, access denied): the
first is answered 503 with Retry-After by ``lms.errors``, the second stays a 500 (ADR 0024).

Given the request, one byte range it asks for is sent alone (206), from disk or by the object
storage itself, so that phones' video players play and a cut-off download resumes (``lms.byteranges``).
"""

import contextlib
import mimetypes
import os
import sys
from collections.abc import Callable
from functools import partial

from django.core.files import File
from django.core.files.storage import FileSystemStorage as DjangoFileSystemStorage
from django.core.files.storage import Storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse

from lms.byteranges import ByteSpec, RangeNotSatisfiable, byte_range, byte_spec, spec_header

CHUNK_BYTES = 64 * 1024
# Answers of an S3-compatible service that mean "not now" rather than "not this": the codes AWS
# documents for throttling and for a service briefly down, whatever HTTP status carries them.
_TRANSIENT_CODES = {"SlowDown", "ServiceUnavailable", "InternalError", "Throttling", "ThrottlingException"}
# Files up to this size go to object storage in one request; larger ones in parts (s3transfer).
PUT_BYTES = 8 * 1024 * 1024


def storage_out_of_reach(error: BaseException) -> bool:
    """Whether ``error`` says the object storage could not be reached or could not answer now (a
    refused or reset connection, a connect or read timeout, a 5xx or throttling answer), so the
    same request may work in a while. A missing object (404), access denied (403) or a bad
    request are not: they stay what they are. Only this error is judged, not its cause."""
    exceptions = sys.modules.get("botocore.exceptions")
    if exceptions is None:
        return False  # botocore never loaded: no object storage in this process
    if isinstance(
        error,
        exceptions.EndpointConnectionError
        | exceptions.ConnectTimeoutError
        | exceptions.ReadTimeoutError
        | exceptions.ConnectionClosedError,
    ):
        return True
    if isinstance(error, exceptions.ClientError):
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0
        code = error.response.get("Error", {}).get("Code", "")
        return status >= 500 or code in _TRANSIENT_CODES
    return False


def stored_file_put(storage: Storage, name: str, content: File) -> str:
    """Stores ``content`` under exactly ``name``, a name nothing has yet (a fresh folder's), and
    returns it; raises OSError when the storage chose another name (the file is then stored under
    that one: the caller removes its folder, as a failed package import does).

    On object storage a file of up to PUT_BYTES goes up in one PUT: ``storage.save`` would first
    ask whether the name is taken (a HEAD) and then upload through s3transfer's thread pool, three
    times the CPU and twice the round trips for each of a package's hundreds of small files.
    """
    s3 = sys.modules.get("storages.backends.s3")
    if s3 is not None and isinstance(storage, s3.S3Storage) and content.size <= PUT_BYTES:
        from storages.utils import clean_name, safe_join

        key = safe_join(storage.location, clean_name(name))
        content_type, _encoding = mimetypes.guess_type(name)  # stored as is, never re-encoded
        content.seek(0)
        storage.connection.meta.client.put_object(
            Bucket=storage.bucket_name,
            Key=key,
            Body=content.read(),
            ContentType=content_type or "application/octet-stream",
            **storage.get_object_parameters(key),
        )
        return name
    saved = storage.save(name, content)
    if saved != name:
        # The storage renamed the file (the name was taken or too long): links to it would break.
        raise OSError(f"the storage stored {name!r} as {saved!r}")
    return saved


def stored_file_response(
    storage: Storage,
    name: str,
    *,
    request: HttpRequest | None = None,
    content_type: str | None = None,
    as_attachment: bool = False,
    filename: str = "",
) -> HttpResponse | FileResponse:
    """A response that sends the file ``name`` of ``storage``; Http404 when the file is not there.
    ``name`` must already be checked (it is not made safe here). Without ``content_type``, the
    type is guessed from the file's name, as FileResponse does. With the ``request``, a single
    byte range it asks for is sent alone (206), and one past the end is refused (416): see
    ``lms.byteranges``."""
    spec = byte_spec(request)
    # The same headers (type, download name) whether the file is sent whole or in part.
    file_response = partial(
        FileResponse,
        content_type=content_type,
        as_attachment=as_attachment,
        filename=filename or os.path.basename(name),
    )
    s3 = sys.modules.get("storages.backends.s3")  # imported only when settings name S3Storage
    if s3 is not None and isinstance(storage, s3.S3Storage):
        response = _object_response(storage, name, spec, file_response)
    else:
        response = _disk_response(storage, name, spec, file_response)
    response["Accept-Ranges"] = "bytes"
    return response


def _disk_response(
    storage: Storage, name: str, spec: ByteSpec | None, file_response: Callable[..., FileResponse]
) -> HttpResponse | FileResponse:
    try:
        handle = storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    if spec is None:
        return file_response(handle)
    size = handle.size
    try:
        first, last = byte_range(spec, size)
    except RangeNotSatisfiable:
        handle.close()
        return _not_satisfiable(size)
    handle.seek(first)
    response = file_response(_Part(handle, last - first + 1))
    response.status_code = 206
    response["Content-Range"] = f"bytes {first}-{last}/{size}"
    response["Content-Length"] = str(last - first + 1)
    return response


class _Part:
    """The next ``length`` bytes of an open file, read as FileResponse reads a file. It has no
    ``fileno`` on purpose: gunicorn's sendfile would send the file to its end."""

    def __init__(self, handle, length: int):
        self.handle = handle
        self.left = length

    def read(self, size: int) -> bytes:
        chunk = self.handle.read(min(size, self.left))
        self.left -= len(chunk)
        return chunk

    def close(self) -> None:
        self.handle.close()


def _not_satisfiable(size: int) -> HttpResponse:
    response = HttpResponse(status=416)
    response["Content-Range"] = f"bytes */{size}"
    return response


def _object_response(
    storage, name: str, spec: ByteSpec | None, file_response: Callable[..., FileResponse]
) -> HttpResponse | FileResponse:
    from botocore.exceptions import ClientError
    from storages.utils import clean_name, safe_join

    key = safe_join(storage.location, clean_name(name))
    client = storage.connection.meta.client
    # The service answers the range itself: one GET for the part, whatever the object's size.
    asked = {} if spec is None else {"Range": spec_header(spec)}
    try:
        found = client.get_object(Bucket=storage.bucket_name, Key=key, **asked)
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code")
        if code in ("NoSuchKey", "404"):
            raise Http404 from None
        if code == "InvalidRange":
            return _not_satisfiable(client.head_object(Bucket=storage.bucket_name, Key=key)["ContentLength"])
        raise
    response = file_response(found["Body"])
    response.block_size = CHUNK_BYTES
    # The body cannot seek, so FileResponse cannot measure it: the object's length is known.
    response["Content-Length"] = str(found["ContentLength"])
    if found.get("ContentRange"):
        response.status_code = 206
        response["Content-Range"] = found["ContentRange"]
    return response


class FileSystemStorage(DjangoFileSystemStorage):
    """Django's local-disk storage, which removes the part of a file it could not finish writing."""

    def _save(self, name: str, content) -> str:
        path = self.path(name)
        # A file already there is someone else's: Django then writes under another name.
        was_there = os.path.lexists(path)
        try:
            return super()._save(name, content)
        except OSError:
            if not was_there:
                with contextlib.suppress(FileNotFoundError):
                    os.remove(path)
            raise
