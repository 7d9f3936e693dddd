"""The trainee's learning: "My learning"."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from courses.learning.queries import learning_overview
from courses.learning.sections import learning_sections_render


@login_required
def my_learning(request: HttpRequest) -> HttpResponse:
    context = learning_overview(user=request.user)
    # Sections of higher apps (certificates), which courses cannot import: see sections.py.
    context["more_sections"] = learning_sections_render(request)
    return render(request, "courses/learning/my_learning.html", context)
