"""The xAPI resources, under /xapi/ (each with or without a trailing slash)."""

from django.urls import re_path

from . import views

app_name = "lrs"
# Leading slashes forgiven: content libraries join "endpoint/" and "/statements" (cmi5.js does).
SLASHES = "(?:/*)"

urlpatterns = [
    re_path(rf"^{SLASHES}statements/?$", views.statements_view, name="statements"),
    re_path(rf"^{SLASHES}activities/state/?$", views.state_view, name="state"),
    re_path(rf"^{SLASHES}activities/profile/?$", views.activity_profile_view, name="activity-profile"),
    re_path(rf"^{SLASHES}activities/?$", views.activities_view, name="activities"),
    re_path(rf"^{SLASHES}agents/profile/?$", views.agent_profile_view, name="agent-profile"),
    re_path(rf"^{SLASHES}agents/?$", views.agents_view, name="agents"),
    re_path(rf"^{SLASHES}about/?$", views.about_view, name="about"),
]
