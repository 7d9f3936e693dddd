"""Trainees' assessment URLs, included by lms under ``/assessment/``."""

from django.urls import path

from .attempts import views

app_name = "assessment"

urlpatterns = [
    path("activity/<int:activity_id>/", views.quiz_home, name="quiz"),
    path("attempt/<int:attempt_id>/", views.attempt_page, name="attempt"),
    path("attempt/<int:attempt_id>/answer/", views.answer, name="answer"),
    path("attempt/<int:attempt_id>/submit/", views.summary, name="summary"),
    path("attempt/<int:attempt_id>/review/", views.review, name="review"),
]
