"""The project's URLs plus ``bench/bare``: a bare Django view rendering a template with a 20-row
query, the yardstick the trainee pages are measured against in the same run."""

from django.contrib.auth.models import Permission
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from lms.urls import urlpatterns as project_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    rows = Permission.objects.select_related("content_type").order_by("pk")[:20]
    return render(request, "bench/bare.html", {"rows": rows})


urlpatterns = [path("bench/bare", bare), *project_urlpatterns]
