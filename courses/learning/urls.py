"""The trainee's learning, under /courses/learning/: My learning."""

from django.urls import path

from courses.learning import views

urlpatterns = [
    path("", views.my_learning, name="my_learning"),
]
