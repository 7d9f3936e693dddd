"""The project's URLs plus two yardsticks measured in the same runs as the real views:

- ``bench/noop``: accepts a POST and does nothing (CSRF-exempt, no one signed in), the upper bound
  of what any view can do behind the same middleware and server (the LRS benchmark);
- ``bench/post``: the least a signed-in form post does, a bare Django POST view that checks the
  CSRF token, needs a session and writes one row (the quiz answers benchmark). Its table is
  created by that benchmark (``bench/bench_quiz_answers.py``), not by a migration.
"""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from lms.urls import urlpatterns as project_urlpatterns

POST_TABLE = "bench_post"


@csrf_exempt
def noop(request: HttpRequest) -> HttpResponse:
    request.read()
    return HttpResponse(b"[]", content_type="application/json")


@login_required
@require_POST
def post(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {POST_TABLE} (user_id, body) VALUES (%s, %s) RETURNING id",
            [request.user.pk, request.POST.urlencode()],
        )
        (row,) = cursor.fetchone()
    return JsonResponse({"saved": row})


urlpatterns = [path("bench/noop", noop), path("bench/post", post), *project_urlpatterns]
