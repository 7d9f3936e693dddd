"""The site's URLs plus views that fail, to see the server-error pages as a visitor would."""

import errno

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


urlpatterns = [
    path("broken/", broken),
    path("database-down/", database_down),
    path("disk-full/", disk_full),
    *site_urlpatterns,
]
__all__ = ["handler500", "urlpatterns"]
