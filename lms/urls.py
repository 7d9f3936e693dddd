"""Top-level URLs. Wagtail serves every path not matched before it.

Nothing uploaded is served from the LMS origin, in any mode: there is no ``/media/`` here. Images
are served on the content origin (``content:public_media``), documents through Wagtail's view
after an access check, packages on the content origin, and bulk-enrolment lists never.
"""

from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lms.health import health
from lms.observability.views import metrics
from lms.routing import serve

# 403 and 404 are Django's handlers with our templates; the 500 page must not need the database.
handler500 = "lms.errors.server_error"

urlpatterns = [
    path("health/", health, name="health"),
    # Prometheus's scrape: allowed addresses or a bearer token only (lms/observability/views.py).
    path("metrics", metrics, name="metrics"),
    path("account/", include("lms.people.urls")),
    # Higher apps' URLs are included by name, so that lms imports none of them.
    path("courses/", include("courses.urls")),
    path("xapi/", include("content.lrs.urls")),
    path("play/", include("content.player.urls")),
    path("assessment/", include("certification.assessment.urls")),
    path("certificates/", include("certification.credentials.urls")),
    path(".well-known/", include("certification.credentials.urls_wellknown")),
    path("reports/", include("analytics.urls")),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

# Wagtail's own URLs, its pages served with their address from the shared cache (lms/routing.py).
urlpatterns += [
    *(pattern for pattern in wagtail_urls.urlpatterns if getattr(pattern, "name", "") != "wagtail_serve"),
    re_path(wagtail_urls.serve_pattern, serve, name="wagtail_serve"),
]
