"""The site's URLs plus one view that fails, to see the server-error page as a visitor would."""

from django.urls import path

from lms.urls import handler500
from lms.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("broken/", broken), *site_urlpatterns]
__all__ = ["handler500", "urlpatterns"]
