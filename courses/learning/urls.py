"""The trainee's learning, under /courses/learning/: My learning, the course home, activities."""

from django.urls import path

from courses.learning import views

urlpatterns = [
    path("", views.my_learning, name="my_learning"),
    path("courses/<int:course_id>/", views.home, name="course_home"),
    path("activities/<int:activity_id>/", views.activity, name="activity"),
    path("activities/<int:activity_id>/done/", views.activity_done, name="activity_done"),
    path("activities/<int:activity_id>/files/<int:document_id>/", views.activity_file, name="activity_file"),
    path("activities/<int:activity_id>/calendar.ics", views.session_calendar, name="session_calendar"),
]
