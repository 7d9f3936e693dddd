"""URLs of ``courses`` outside the Wagtail page tree (which serves catalogue, programme and course pages)."""

from django.urls import include, path

app_name = "courses"

urlpatterns = [
    path("learning/", include("courses.urls_parts.trainee")),
    path("teaching/", include("courses.urls_parts.staff")),
    path("bulk-enrolment/", include("courses.urls_parts.bulk")),
]
