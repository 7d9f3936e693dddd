"""The site's URLs plus views that fail, to see the server-error pages as a visitor would."""

import errno

from botocore.exceptions import ClientError, EndpointConnectionError
from django.db import OperationalError
from django.urls import path

from lms.urls import handler500
from lms.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("a bug in a view")


def database_down(request):
    raise OperationalError("connection failed: Connection refused")


def disk_full(request):
    try:
        raise OSError(errno.ENOSPC, "No space left on device")
    except OSError as error:
        raise RuntimeError("could not store the upload") from error


def storage_down(request):
    raise EndpointConnectionError(endpoint_url="http://127.0.0.1:9/tadrib/media/plan.pdf")


def storage_refuses_the_key(request):
    # The bucket answers, but refuses this key: a setting to fix, not an outage to wait out.
    raise ClientError(
        {"Error": {"Code": "AccessDenied"}, "ResponseMetadata": {"HTTPStatusCode": 403}}, "GetObject"
    )


urlpatterns = [
    path("broken/", broken),
    path("database-down/", database_down),
    path("disk-full/", disk_full),
    path("storage-down/", storage_down),
    path("storage-refuses/", storage_refuses_the_key),
    *site_urlpatterns,
]
__all__ = ["handler500", "urlpatterns"]
