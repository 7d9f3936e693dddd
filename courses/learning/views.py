"""The trainee's learning: My learning, the course home and the activities courses serves itself
(page, file, in-person session); other kinds open where their app registered them.

Who is not learning the course (signed out, not enrolled, withdrawn) gets 404 everywhere here,
so that nobody learns which courses and files exist.
"""

from dataclasses import replace

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from courses.learning import calendar, kept_pages
from courses.learning.blocks import page_documents
from courses.learning.completion import activity_result_record
from courses.learning.home import activity_place, course_home, session_details
from courses.learning.openers import OWN_KINDS, activity_opener
from courses.learning.queries import learning_overview
from courses.learning.sections import learning_sections_render
from courses.models import Activity
from lms.api import page_cache_keep, page_cache_may_keep, stored_file_response

Kind = Activity.Kind


@page_cache_may_keep
@login_required
def my_learning(request: HttpRequest) -> HttpResponse:
    kept_pages.keep_my_learning(request)
    context = learning_overview(
        user=request.user, depends_on=lambda namespaces: page_cache_keep(request, namespaces=namespaces)
    )
    page_cache_keep(request, until=kept_pages.my_learning_moments(context))
    # Sections of higher apps (certificates), which courses cannot import: see sections.py.
    context["more_sections"] = learning_sections_render(request)
    return render(request, "courses/learning/my_learning.html", context)


@page_cache_may_keep
def home(request: HttpRequest, course_id: int) -> HttpResponse:
    kept_pages.keep_course_home(request, course_id=course_id)
    context = course_home(user=request.user, course_id=course_id)
    if context is None:
        raise Http404
    page_cache_keep(request, until=kept_pages.course_home_moments(context))
    return render(request, "courses/learning/course_home.html", context)


def _place(request: HttpRequest, activity_id: int) -> tuple[Activity, dict]:
    activity = get_object_or_404(
        Activity.objects.select_related("module", "released_after", "document"), pk=activity_id
    )
    place = activity_place(user=request.user, activity=activity)
    if place is None:
        raise Http404
    return activity, place


def activity(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity, place = _place(request, activity_id)
    context = {**place, "activity": activity}
    if place["row"].state == "locked":
        return render(request, "courses/learning/activity_locked.html", context, status=403)
    if activity.kind not in OWN_KINDS:
        opener = activity_opener(activity.kind)
        if opener is not None:
            return redirect(opener(activity.pk))
        return render(request, "courses/learning/activity_unavailable.html", context)
    user_id = request.user.pk
    if activity.kind == Kind.PAGE:
        viewed = activity.completion == Activity.Completion.VIEWED
        result = activity_result_record(user_id=user_id, activity_id=activity.pk, completed=viewed or None)
        if result.completed and not place["row"].is_finished:
            context["row"] = replace(place["row"], state="done")
        elif not result.completed:
            context["row"] = replace(place["row"], state="in_progress")
        content = activity.content_for(get_language())
        return render(request, "courses/learning/activity_page.html", {**context, "content": content})
    if activity.kind == Kind.FILE:
        return render(request, "courses/learning/activity_file.html", context)
    sessions = session_details(enrolment=place["enrolment"], activity=activity)
    return render(request, "courses/learning/activity_session.html", {**context, "sessions": sessions})


@require_POST
def activity_done(request: HttpRequest, activity_id: int) -> HttpResponse:
    """ "Mark as done" on a page activity, then on to the next activity (or back to the course)."""
    activity, place = _place(request, activity_id)
    if activity.kind != Kind.PAGE or place["row"].state == "locked":
        raise Http404
    activity_result_record(user_id=request.user.pk, activity_id=activity.pk, completed=True)
    following = place["next"]
    if following is not None:
        return redirect(following.url)
    return redirect(reverse("courses:course_home", args=[activity.module.course_id]))


def activity_file(request: HttpRequest, activity_id: int, document_id: int) -> HttpResponse:
    """A file of an activity, to its enrolled trainees only (never the public document address):
    the file activity's own file (which completes it) or one offered by a page's content."""
    activity, place = _place(request, activity_id)
    if place["row"].state == "locked":
        raise Http404
    completes = activity.kind == Kind.FILE and activity.document_id == document_id
    if completes:
        document = activity.document
    elif activity.kind == Kind.PAGE:
        content = activity.content_for(get_language())
        document = page_documents(content.body).get(document_id) if content is not None else None
        if document is None:
            raise Http404
    else:
        raise Http404
    # A video plays in the page; any other file is saved.
    inline = (document.content_type or "").startswith("video/")
    response = stored_file_response(
        document.file.storage,
        document.file.name,
        request=request,
        as_attachment=not inline,
        filename=document.filename,
        content_type=document.content_type or "application/octet-stream",
    )
    if completes and response.status_code < 400:
        # Only once the file (or the part a player or a resumed download asked for) is found and
        # on its way: a download that failed (storage out of reach, ADR 0024, or a range past
        # its end) completes nothing.
        activity_result_record(user_id=request.user.pk, activity_id=activity.pk, completed=True)
    return response


def session_calendar(request: HttpRequest, activity_id: int) -> HttpResponse:
    """The cohort's sessions of a session activity as an ``.ics`` file for the phone's calendar."""
    activity, place = _place(request, activity_id)
    if activity.kind != Kind.SESSION:
        raise Http404
    sessions = [
        session for session, _record in session_details(enrolment=place["enrolment"], activity=activity)
    ]
    if not sessions:
        raise Http404
    response = HttpResponse(
        calendar.ics(sessions=sessions, course_title=place["course"].title, host=request.get_host()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="session-{activity.pk}.ics"'
    return response
