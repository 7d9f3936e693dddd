"""The xAPI resources, under /xapi/ (each with or without a trailing slash)."""

from django.urls import re_path

from . import views

app_name = "lrs"

urlpatterns = [
    re_path(r"^/*statements/?$", views.statements_view, name="statements"),
    re_path(r"^/*activities/state/?$", views.state_view, name="state"),
    re_path(r"^/*activities/profile/?$", views.activity_profile_view, name="activity-profile"),
    re_path(r"^/*activities/?$", views.activities_view, name="activities"),
    re_path(r"^/*agents/profile/?$", views.agent_profile_view, name="agent-profile"),
    re_path(r"^/*agents/?$", views.agents_view, name="agents"),
    re_path(r"^/*about/?$", views.about_view, name="about"),
]
