"""Sending a stored file from a view, whichever storage holds it: local disk or object storage.

The view decides who may have the file; this only sends it. On disk, Django's FileResponse streams
the open file. From object storage (ADR 0021), django-storages' file object would ask for the
object's headers and then download all of it, through s3transfer's thread pool, before the first
byte leaves; instead the body of one GET is streamed in chunks, with its length, as it arrives.
"""

import sys

from django.core.files.storage import Storage
from django.http import FileResponse, Http404

CHUNK_BYTES = 64 * 1024


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
