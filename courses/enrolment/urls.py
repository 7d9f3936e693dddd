"""The trainee's enrolment, under /courses/learning/: enrol and withdraw."""

from django.urls import path

from courses.enrolment import views

urlpatterns = [
    path("cohorts/<int:cohort_id>/enrol/", views.enrol, name="enrol"),
    path("enrolments/<int:enrolment_id>/withdraw/", views.withdraw, name="withdraw"),
]
