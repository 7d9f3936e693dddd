"""Serving a package file through the app from local disk and from object storage (ADR 0021).

    .venv/bin/python -m bench.bench_storage_serve

Starts a local S3-compatible server (moto, as the integration tier does) on a free loopback port,
stores one file of $BENCH_BYTES (default 1 MiB) on disk and in a bucket with the storage options
production uses (``lms.settings.objectstorage``), then sends it $BENCH_REQUESTS times (default 50)
each way, reading every byte as the WSGI server would:

- disk: ``stored_file_response`` on FileSystemStorage (the embedded default);
- s3, streamed: ``stored_file_response`` on S3Storage (one GET, its body streamed);
- s3, storage file: FileResponse of ``S3Storage.open`` (django-storages' file: HEAD, then a
  download through s3transfer before the first byte);
- s3, presigned URL only: what the app would spend if nginx fetched the object itself
  (X-Accel-Redirect to a proxying location): signing a URL.

CPU time (``time.process_time``, every thread of this process) is the app's cost whatever else the
machine runs; wall time includes the S3 server, here moto in Python, far slower than a real one.
"""

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")
django.setup()

import boto3  # noqa: E402
import httpx  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import FileSystemStorage  # noqa: E402
from django.http import FileResponse  # noqa: E402
from storages.backends.s3 import S3Storage  # noqa: E402

from lms.settings.objectstorage import s3_storages  # noqa: E402
from lms.storage import stored_file_response  # noqa: E402

BYTES = int(os.environ.get("BENCH_BYTES", str(1024 * 1024)))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "50"))
NAME = "content/packages/0123456789abcdef0123456789abcdef/media/video-poster.jpg"
KEY_ID, SECRET = "bench", "bench-secret"


def s3_server() -> tuple[subprocess.Popen, str]:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"{endpoint}/moto-api/", timeout=1)
            return server, endpoint
        except httpx.TransportError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the S3 server did not start") from None
            time.sleep(0.1)


def drained(response) -> int:
    size = sum(len(chunk) for chunk in response.streaming_content)
    response.close()
    return size


def presigned(s3: S3Storage) -> int:
    """The app's part of X-Accel-Redirect to nginx: sign the GET that nginx would send."""
    params = {"Bucket": s3.bucket_name, "Key": f"{s3.location}/{NAME}"}
    s3.connection.meta.client.generate_presigned_url("get_object", Params=params, ExpiresIn=60)
    return 0


def measure(label: str, serve: Callable[[], int]) -> None:
    assert serve() in (BYTES, 0)  # warm: connections, imports
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(REQUESTS):
        serve()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(f"  {label:<28} {cpu / REQUESTS * 1000:7.2f} ms CPU  {wall / REQUESTS * 1000:7.2f} ms wall")


def main() -> None:
    server, endpoint = s3_server()
    try:
        boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id=KEY_ID,
            aws_secret_access_key=SECRET,
            region_name="us-east-1",
        ).create_bucket(Bucket="bench")
        options = s3_storages(
            bucket="bench",
            endpoint_url=endpoint,
            access_key_id=KEY_ID,
            secret_access_key=SECRET,
            region="us-east-1",
            media_url="http://content.example/play/c/media/",
        )["default"]["OPTIONS"]
        s3 = S3Storage(**options)
        data = os.urandom(BYTES)
        with tempfile.TemporaryDirectory() as folder:
            disk = FileSystemStorage(location=folder)
            disk.save(NAME, ContentFile(data))
            s3.save(NAME, ContentFile(data))
            print(f"{BYTES} bytes, {REQUESTS} requests each")
            measure("disk", lambda: drained(stored_file_response(disk, NAME)))
            measure("s3, streamed", lambda: drained(stored_file_response(s3, NAME)))
            measure("s3, storage file", lambda: drained(FileResponse(s3.open(NAME, "rb"))))
            measure("s3, presigned URL only", lambda: presigned(s3))
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
