"""The trainee's URLs, under /courses/learning/: My learning, enrol and withdraw."""

from django.urls import path

from courses.views import trainee

urlpatterns = [
    path("", trainee.my_learning, name="my_learning"),
    path("cohorts/<int:cohort_id>/enrol/", trainee.enrol, name="enrol"),
    path("enrolments/<int:enrolment_id>/withdraw/", trainee.withdraw, name="withdraw"),
]
