"""The trainee's learning: "My learning"."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from courses.learning.queries import learning_overview


@login_required
def my_learning(request: HttpRequest) -> HttpResponse:
    return render(request, "courses/learning/my_learning.html", learning_overview(user=request.user))
