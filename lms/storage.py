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
"""

import contextlib
import mimetypes
import os
import sys

from django.core.files import File
from django.core.files.storage import FileSystemStorage as DjangoFileSystemStorage
from django.core.files.storage import Storage
from django.http import FileResponse, Http404

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
    content_type: str | None = None,
    as_attachment: bool = False,
    filename: str = "",
) -> FileResponse:
    """A response that sends the file ``name`` of ``storage``; Http404 when the file is not there. ``name`` must already be checked (it is not made safe here). Without
    ``content_type``, the type is guessed from the file's name, as FileResponse does."""
    s3 = sys.modules.get("storages.backends.s3")  # imported only when settings name S3Storage
    if s3 is not None and isinstance(storage, s3.S3Storage):
        return _object_response(storage, name, content_type, as_attachment, filename)
    try:
        handle = storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, content_type=content_type, as_attachment=as_attachment, filename=filename)


def _object_response(storage, name: str, content_type, as_attachment: bool, filename: str) -> FileResponse:
    from botocore.exceptions import ClientError
    from storages.utils import clean_name, safe_join

    key = safe_join(storage.location, clean_name(name))
    try:
        found = storage.connection.meta.client.get_object(Bucket=storage.bucket_name, Key=key)
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
            raise Http404 from None
        raise
    body = found["Body"]
    response = FileResponse(
        body,
        content_type=content_type,
        as_attachment=as_attachment,
        filename=filename or name.rpartition("/")[2],
    )
    response.block_size = CHUNK_BYTES
    # The body cannot seek, so FileResponse cannot measure it: the object's length is known.
    response["Content-Length"] = str(found["ContentLength"])
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
