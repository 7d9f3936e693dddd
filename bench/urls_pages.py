"""The project's URLs plus ``bench/bare``: a bare Django view rendering a template with a 20-row
query, the yardstick the trainee pages are measured against in the same run.

It passes through the same middleware (sessions, authentication, language, security headers) and
the same server, but renders with a plain context: the site's context processors (navigation,
centre settings) are the project's work, which the pages carry and the yardstick must not.
"""

from django.contrib.auth.models import Permission
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import path

from lms.urls import urlpatterns as project_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    rows = Permission.objects.select_related("content_type").order_by("pk")[:20]
    return HttpResponse(render_to_string("bench/bare.html", {"rows": rows}))


urlpatterns = [path("bench/bare", bare), *project_urlpatterns]
