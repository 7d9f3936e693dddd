"""URLs of ``courses`` outside the Wagtail page tree (which serves catalogue, programme and course pages)."""

from django.urls import include, path

from courses.teaching.urls import check_in_urlpatterns

app_name = "courses"

urlpatterns = [
    # The address in a session's QR code: a trainee's address, served by the staff views.
    path("learning/", include(check_in_urlpatterns)),
    path("learning/", include("courses.learning.urls")),
    path("learning/", include("courses.enrolment.urls")),
    path("teaching/", include("courses.teaching.urls")),
    path("bulk-enrolment/", include("courses.bulk.urls")),
]
