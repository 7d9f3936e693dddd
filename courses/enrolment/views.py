"""Enrol and withdraw: the trainee's own moves in the enrolment lifecycle."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.enrolment.queries import waitlist_positions
from courses.enrolment.services import enrolment_request, enrolment_withdraw
from courses.errors import CoursesError
from courses.models import Cohort, Enrolment

State = Enrolment.State
REASON_MAX_LENGTH = 300


def _next_url(request: HttpRequest) -> str:
    """The page the form was on, when it is one of ours; else empty."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        return next_url
    return ""


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    return redirect(_next_url(request) or fallback)


def _course_url(request: HttpRequest, cohort: Cohort) -> str:
    return cohort.course.get_url(request) or "/"


@require_POST
def enrol(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = get_object_or_404(Cohort.objects.select_related("course"), pk=cohort_id, course__live=True)
    if not request.user.is_authenticated:
        # After signing in the person comes back to the course page, where the button is.
        return redirect_to_login(_course_url(request, cohort))
    try:
        enrolment = enrolment_request(user=request.user, cohort=cohort)
    except CoursesError as error:
        messages.error(request, str(error))
        return _back(request, _course_url(request, cohort))
    course = cohort.course.title
    if enrolment.state in (State.APPROVED, State.ACTIVE):
        messages.success(request, _("You have a place in %(course)s.") % {"course": course})
    elif enrolment.state == State.WAITLISTED:
        position = waitlist_positions([enrolment]).get(enrolment.pk)
        messages.warning(
            request,
            _("This cohort is full: you are number %(position)s on the waiting list.")
            % {"position": position},
        )
    else:
        messages.success(
            request,
            _("Your request to join %(course)s is sent; you will be told when it is approved.")
            % {"course": course},
        )
    return _back(request, _course_url(request, cohort))


@login_required
def withdraw(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    """Ask for confirmation (GET), then withdraw (POST). Only one's own enrolment: 404 otherwise."""
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("cohort__course", "cohort__hub"), pk=enrolment_id, user=request.user
    )
    if request.method == "POST":
        reason = (request.POST.get("reason") or "").strip()[:REASON_MAX_LENGTH]
        try:
            enrolment_withdraw(
                enrolment=enrolment, by=request.user, reason=reason or _("Withdrawn by the trainee.")
            )
        except CoursesError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("You have withdrawn from %(course)s.") % {"course": enrolment.cohort.course.title}
            )
        return _back(request, _course_url(request, enrolment.cohort))
    return render(
        request,
        "courses/enrolment/withdraw_confirm.html",
        {
            "enrolment": enrolment,
            "next": _next_url(request) or reverse("courses:my_learning"),
            "reason_max_length": REASON_MAX_LENGTH,
        },
    )
