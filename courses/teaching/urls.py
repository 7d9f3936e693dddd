"""Instructors' and hub coordinators' pages, under /courses/teaching/.

``check_in_urlpatterns`` (the address in a session's QR code) is mounted by ``courses.urls``
under /courses/learning/, where trainees' addresses live.
"""

from django.urls import path

from courses.teaching import views as staff

urlpatterns = [
    path("", staff.cohorts, name="teaching_cohorts"),
    path("cohorts/<int:cohort_id>/", staff.cohort, name="teaching_cohort"),
    path("sessions/<int:session_id>/register/", staff.session_register, name="session_register"),
    path("sessions/<int:session_id>/qr/", staff.session_qr, name="session_qr"),
    path("approvals/", staff.approvals, name="approvals"),
    path("approvals/<int:enrolment_id>/approve/", staff.approve, name="enrolment_approve"),
    path("approvals/<int:enrolment_id>/reject/", staff.reject, name="enrolment_reject"),
]

check_in_urlpatterns = [
    path("check-in/<int:session_id>/<str:token>/", staff.check_in, name="check_in"),
]
