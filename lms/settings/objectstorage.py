"""The STORAGES entries for an S3-compatible object store (ADR 0021), shared by ``base`` and tests.

One bucket holds both storages the app has, each under its own key prefix: ``media/`` (what the
content origin may serve: images, package files, documents, certificates, all through Django's
views) and ``private/`` (what no URL serves: bulk-enrolment lists, exports). The bucket stays
private: nothing in it is public, and no view hands out a link to it.
"""

from urllib.parse import urlsplit

# Objects up to this size are read through memory, larger ones through a temporary file (without
# a limit, django-storages reads a whole object into memory: a 500 MB export would sit in RAM).
READ_SPOOL_BYTES = 8 * 1024 * 1024
# How long a request waits for the object store when it does not answer (ADR 0024). botocore's
# defaults (60 s to connect, 60 s for each read, five tries a few seconds apart) would hold a web
# worker past gunicorn's 120 s timeout before the trainee saw "try again in a minute".
CONNECT_TIMEOUT_SECONDS = 5
READ_TIMEOUT_SECONDS = 20
ATTEMPTS = 3


def s3_storages(
    *,
    bucket: str,
    endpoint_url: str,
    access_key_id: str,
    secret_access_key: str,
    region: str,
    media_url: str,
) -> dict[str, dict]:
    """The "default" and "private" STORAGES entries for ``bucket``; ``endpoint_url`` empty = AWS.

    ``media_url`` is MEDIA_URL (``<content origin>/play/c/media/``): its last segment is the
    default storage's key prefix and the rest its custom domain, so a stored image's ``url`` is
    MEDIA_URL + its name, served on the content origin by ``content:public_media`` as on disk,
    never a link to the bucket.
    """
    from botocore.config import Config  # only when object storage is configured

    media = urlsplit(media_url)
    path, _slash, media_prefix = media.path.rstrip("/").rpartition("/")
    common = {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url or None,
        "access_key": access_key_id or None,
        "secret_key": secret_access_key or None,
        "region_name": region,
        # Given whole, this replaces the client configuration django-storages would build from its
        # signature_version and addressing_style options: they are set here instead.
        "client_config": Config(
            signature_version="s3v4",
            # Self-hosted servers (MinIO, Ceph, Garage) answer on one host name; AWS picks its own.
            s3={"addressing_style": "path" if endpoint_url else None},
            connect_timeout=CONNECT_TIMEOUT_SECONDS,
            read_timeout=READ_TIMEOUT_SECONDS,
            # "standard": a refused connection, a timeout, a 5xx or SlowDown is tried again after
            # a random wait of up to 1 s, then 2 s (the "legacy" default waits up to 1, 2, 4, 8 s).
            retries={"mode": "standard", "total_max_attempts": ATTEMPTS},
        ),
        # Two uploads with one name must both be kept, as on disk (django-storages overwrites).
        "file_overwrite": False,
        "default_acl": None,
        "querystring_auth": True,
        "max_memory_size": READ_SPOOL_BYTES,
    }
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "location": media_prefix,
                "custom_domain": f"{media.netloc}{path}",
                "url_protocol": f"{media.scheme}:",
                "querystring_auth": False,
            },
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**common, "location": "private"},
        },
    }
