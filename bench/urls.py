"""The project's URLs plus ``bench/noop``: a view that accepts a POST and does nothing, the upper
bound of what any view can do behind the same middleware and server."""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from lms.urls import urlpatterns as project_urlpatterns


@csrf_exempt
def noop(request: HttpRequest) -> HttpResponse:
    request.read()
    return HttpResponse(b"[]", content_type="application/json")


urlpatterns = [path("bench/noop", noop), *project_urlpatterns]
