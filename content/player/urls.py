"""The player's URLs, under /play/. Those under /play/c/ answer only on the content origin."""

from django.urls import path

from . import h5p, views

app_name = "content"

urlpatterns = [
    path("activity/<int:activity_id>/", views.play_activity, name="play_activity"),
    path("preview/<int:package_id>/", views.preview_package, name="preview_package"),
    path("activity/<int:activity_id>/status/", views.lesson_status, name="lesson_status"),
    path("api/commit/", views.commit_outbox, name="commit_outbox"),
    path("api/token/", views.launch_token_renew, name="launch_token_renew"),
    path("c/run/", views.player_frame, name="player_frame"),
    path("c/h5p/", h5p.h5p_frame, name="h5p_frame"),
    path("c/api/launch/", views.launch_data, name="launch_data"),
    path("c/api/commit/", views.commit, name="commit"),
    path("c/api/navigate/", views.navigate, name="navigate"),
    path("c/api/fetch/<str:code>/", views.cmi5_fetch, name="cmi5_fetch"),
    path("c/closed/", views.lesson_closed, name="lesson_closed"),
    path("c/files/<str:folder>/<path:path>", views.package_file, name="package_file"),
    path("c/media/<path:path>", views.public_media, name="public_media"),
]
