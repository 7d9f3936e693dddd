"""URLs of ``courses`` outside the Wagtail page tree (which serves catalogue, programme and course pages)."""

from django.urls import include, path

from courses.urls_parts.staff import check_in_urlpatterns

app_name = "courses"

urlpatterns = [
    # The address in a session's QR code: a trainee's address, served by the staff views.
    path("learning/", include(check_in_urlpatterns)),
    path("learning/", include("courses.urls_parts.trainee")),
    path("teaching/", include("courses.urls_parts.staff")),
    path("bulk-enrolment/", include("courses.urls_parts.bulk")),
]
