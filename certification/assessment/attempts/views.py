"""Thin views of taking a quiz (LMS origin, signed in).

The quiz's page (``/assessment/activity/<id>/``, where the "quiz" activity opens), the attempt's
pages, the answer endpoint that the page's script (and its offline outbox) posts each answer to,
the submission and the review. Every refusal is a translated sentence and changes nothing.
"""

import time

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from certification.assessment.errors import AssessmentError
from certification.assessment.quizzes.models import Quiz
from courses import api as courses_api

from .models import Attempt
from .pages import review_allowed, seconds_left, shown
from .services import answer_save, answers_save, attempt_start, attempt_submit

REFUSED_STATUS = {"not_yours": 403, "locked": 403, "bad_answer": 400, "no_question": 400}


def _refused(request: HttpRequest, error: AssessmentError, *, title: str) -> HttpResponse:
    return render(
        request,
        "certification/assessment/refused.html",
        {"title": title, "reason": error.message},
        status=REFUSED_STATUS.get(error.code, 409),
    )


def _quiz(activity_id: int) -> Quiz:
    return get_object_or_404(Quiz.objects.select_related("activity"), activity_id=activity_id)


def _own_attempt(request: HttpRequest, attempt_id: int) -> Attempt | HttpResponse:
    attempt = Attempt.objects.select_related("quiz__activity").filter(pk=attempt_id).first()
    if attempt is None:
        raise Http404
    if attempt.user_id != request.user.pk:
        return _refused(
            request, AssessmentError(_("This attempt is not yours."), code="not_yours"), title=_("Quiz")
        )
    return attempt


@login_required
@require_http_methods(["GET", "POST"])
def quiz_home(request: HttpRequest, activity_id: int) -> HttpResponse:
    quiz = _quiz(activity_id)
    locked = courses_api.activity_locked_reason(user_id=request.user.pk, activity_id=activity_id)
    if locked:
        return _refused(request, AssessmentError(locked, code="locked"), title=quiz.activity.title)
    if request.method == "POST":
        try:
            attempt = attempt_start(user=request.user, quiz=quiz)
        except AssessmentError as error:
            return _refused(request, error, title=quiz.activity.title)
        return redirect("assessment:attempt", attempt_id=attempt.pk)
    attempts = Attempt.objects.filter(quiz=quiz, user=request.user).order_by("number")
    return render(
        request,
        "certification/assessment/quiz.html",
        {
            "quiz": quiz,
            "attempts": attempts,
            "in_progress": next((a for a in attempts if a.state == Attempt.State.IN_PROGRESS), None),
            "questions": sum(s.count if s.category_id else 1 for s in quiz.slots.all()),
        },
    )


def _page_questions(attempt: Attempt, page: int):
    """Every question (one-per-page quizzes show the page's, and page on the device with the
    script, so that a trainee can go on offline), the page shown, and how many pages."""
    held = list(attempt.questions.select_related("version"))
    if attempt.quiz.layout == Quiz.Layout.ALL:
        return held, 0, 1
    return held, min(max(page, 1), len(held)), len(held)


def _fields_of(data, position: int) -> dict[str, list[str]]:
    """The question's fields from a form: ``q<position>`` (its own) and ``q<position>.<part>``."""
    prefix = f"q{position}"
    fields: dict[str, list[str]] = {}
    for key in data:
        if key == prefix:
            fields[""] = data.getlist(key)
        elif key.startswith(prefix + "."):
            fields[key[len(prefix) + 1 :]] = data.getlist(key)
    return fields


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(value or default)
    except (TypeError, ValueError):
        return default


@login_required
@require_http_methods(["GET", "POST"])
def attempt_page(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = _own_attempt(request, attempt_id)
    if isinstance(attempt, HttpResponse):
        return attempt
    page = _int(request.GET.get("page"), 1)
    if request.method == "POST":
        # Without the script: the page's answers come with the button that leaves it.
        held, page, pages = _page_questions(attempt, page)
        held_by = {q.position: q for q in held}
        answers = {q.position: _fields_of(request.POST, q.position) for q in held}
        try:
            answers_save(
                attempt_id=attempt.pk,
                user=request.user,
                answers={
                    p: fields for p, fields in answers.items() if fields and fields != held_by[p].response
                },
                sequence=int(time.time() * 1000),
            )
        except AssessmentError as error:
            return _refused(request, error, title=attempt.quiz.activity.title)
        target = _int(request.POST.get("goto"), page + 1)
        if request.POST.get("finish") or target > pages:
            return redirect("assessment:summary", attempt_id=attempt.pk)
        return redirect(reverse("assessment:attempt", args=[attempt.pk]) + f"?page={max(target, 1)}")
    if attempt.state != Attempt.State.IN_PROGRESS:
        return redirect("assessment:review", attempt_id=attempt.pk)
    held, page, pages = _page_questions(attempt, page)
    return render(
        request,
        "certification/assessment/attempt.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "questions": [shown(q) for q in held],
            "page": page,
            "pages": pages,
            "page_numbers": range(1, pages + 1),
            "seconds_left": seconds_left(attempt),
        },
    )


@login_required
@require_POST
def answer(request: HttpRequest, attempt_id: int) -> JsonResponse:
    """One answer from the page's script or its outbox: ``position``, ``sequence`` and the fields."""
    position = _int(request.POST.get("position"))
    sequence = _int(request.POST.get("sequence"))
    # The device's countdown when the answer was given, in milliseconds (absent: untimed, or no script).
    left = request.POST.get("left")
    try:
        held = answer_save(
            attempt_id=attempt_id,
            user=request.user,
            position=position,
            fields=_fields_of(request.POST, position),
            sequence=sequence,
            seconds_left=_int(left, -1) / 1000 if left is not None else None,
        )
    except AssessmentError as error:
        return JsonResponse(
            {"error": error.message, "code": error.code}, status=REFUSED_STATUS.get(error.code, 409)
        )
    return JsonResponse({"saved": held.sequence, "seconds_left": seconds_left(held.attempt)})


@login_required
@require_http_methods(["GET", "POST"])
def summary(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = _own_attempt(request, attempt_id)
    if isinstance(attempt, HttpResponse):
        return attempt
    if request.method == "POST":
        try:
            attempt_submit(attempt_id=attempt.pk, user=request.user)
        except AssessmentError as error:
            return _refused(request, error, title=attempt.quiz.activity.title)
        return redirect("assessment:review", attempt_id=attempt.pk)
    if attempt.state != Attempt.State.IN_PROGRESS:
        return redirect("assessment:review", attempt_id=attempt.pk)
    held = list(attempt.questions.select_related("version"))
    return render(
        request,
        "certification/assessment/summary.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "questions": [shown(q) for q in held],
            "seconds_left": seconds_left(attempt),
        },
    )


@login_required
@require_GET
def review(request: HttpRequest, attempt_id: int) -> HttpResponse:
    attempt = _own_attempt(request, attempt_id)
    if isinstance(attempt, HttpResponse):
        return attempt
    if attempt.state == Attempt.State.IN_PROGRESS:
        return redirect("assessment:attempt", attempt_id=attempt.pk)
    allowed = review_allowed(attempt)
    held = list(attempt.questions.select_related("version")) if allowed else []
    return render(
        request,
        "certification/assessment/review.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "questions": [shown(q) for q in held],
            "review": allowed,
            "passed": attempt.score is not None and attempt.score >= attempt.quiz.pass_mark,
        },
    )
