"""Pages of instructors and hub coordinators, and the trainee's QR check-in.

Who may see what is decided by the selectors of ``courses.teaching.queries``: a page about a cohort
or a session that the person does not teach (or manage) answers 404, as if it did not exist; a
staff page opened by someone with nothing to teach or manage answers 403.
"""

import datetime

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from courses.attendance import services as attendance
from courses.enrolment.services import enrolment_approve, enrolment_reject
from courses.errors import CoursesError
from courses.models import Enrolment, Session
from courses.teaching import queries
from courses.teaching.forms import RegisterForm, RejectForm

# A code scanned by someone not signed in yet is honoured when they come back signed in this soon.
SCAN_REMEMBERED_FOR = datetime.timedelta(minutes=10)
_SCAN_KEY = "courses_check_in_scan"


def _require_staff(user) -> None:
    if not queries.is_teaching_staff(user=user):
        raise PermissionDenied(_("This page is for instructors and hub coordinators."))


@login_required
def cohorts(request: HttpRequest) -> HttpResponse:
    """My cohorts: those the person teaches or manages, running and upcoming first."""
    _require_staff(request.user)
    listing = queries.staff_cohorts(user=request.user)
    return render(
        request,
        "courses/teaching/cohorts.html",
        {"listing": listing, "manages": queries.cohorts_coordinated_by(user=request.user).exists()},
    )


@login_required
def cohort(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """A cohort's roster with each trainee's progress, and its sessions."""
    cohort = get_object_or_404(
        queries.cohorts_in_reach(user=request.user).select_related("course", "hub"), pk=cohort_id
    )
    return render(
        request,
        "courses/teaching/cohort.html",
        {
            "cohort": cohort,
            "roster": queries.cohort_roster(cohort=cohort),
            "sessions": queries.cohort_sessions(cohort=cohort),
            "teaches": queries.may_teach(user=request.user, cohort=cohort),
            "manages": queries.may_manage(user=request.user, cohort=cohort),
        },
    )


@login_required
def session_register(request: HttpRequest, session_id: int) -> HttpResponse:
    """The attendance register of one session, filled on a phone: one row per trainee, one submit."""
    session = get_object_or_404(queries.sessions_taught_by(user=request.user), pk=session_id)
    form = RegisterForm(request.POST or None, rows=queries.session_register(session=session))
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = attendance.attendance_register_save(
                    session=session, marks=form.marks(), by=request.user
                )
            except CoursesError as error:
                messages.error(request, str(error))
            else:
                if saved:
                    messages.success(
                        request, _("Attendance saved for %(count)s trainees.") % {"count": saved}
                    )
                else:
                    messages.info(request, _("Nothing to save: choose a status for at least one trainee."))
                return redirect("courses:session_register", session_id=session.pk)
        else:
            messages.error(request, _("Some choices were not valid; nothing was saved."))
    return render(request, "courses/teaching/register.html", {"session": session, "form": form})


def _check_in_qr(session: Session) -> str:
    """The QR code (inline SVG) of the check-in address valid now."""
    token = attendance.check_in_token(session_id=session.pk)
    url = settings.SITE_URL.rstrip("/") + reverse("courses:check_in", args=[session.pk, token])
    return segno.make(url, error="m").svg_inline(scale=1, border=4, omitsize=True, svgclass="qr-code")


@never_cache
@vary_on_headers("HX-Request")
@login_required
def session_qr(request: HttpRequest, session_id: int) -> HttpResponse:
    """The rotating check-in QR code to show on a screen; htmx fetches a new one every 30 s."""
    session = get_object_or_404(queries.sessions_taught_by(user=request.user), pk=session_id)
    is_open = attendance.check_in_is_open(session=session)
    context = {
        "session": session,
        "is_open": is_open,
        "not_yet": timezone.now() < session.starts_at,
        # segno writes the SVG from the URL alone: nothing in it comes from a person's input.
        "qr_svg": mark_safe(_check_in_qr(session)) if is_open else "",  # noqa: S308
        "checked_in": queries.session_checked_in(session=session),
        "seated": queries.session_seated(session=session),
        "opens_at": session.starts_at - attendance.CHECK_IN_OPENS_BEFORE,
        "refresh_seconds": attendance.CHECK_IN_WINDOW_SECONDS,
    }
    if request.headers.get("HX-Request"):
        return render(request, "courses/teaching/_session_qr.html", context)
    return render(request, "courses/teaching/session_qr.html", context)


@never_cache
def check_in(request: HttpRequest, session_id: int, token: str) -> HttpResponse:
    """The address in the QR code: records the signed-in trainee present (or late) and says so."""
    session = Session.objects.select_related("cohort__course", "cohort__hub").filter(pk=session_id).first()
    if session is None:
        return _refusal(request, _("This check-in code is not valid."), status=404)
    if not request.user.is_authenticated:
        if not attendance.check_in_token_valid(session_id=session.pk, token=token):
            return _refusal(
                request,
                _("This check-in code has expired or is not valid. Scan the code on the screen again."),
                status=400,
            )
        # Signing in takes longer than a code lives: remember when the valid code was scanned.
        request.session[_SCAN_KEY] = {"session": session.pk, "token": token, "at": timezone.now().isoformat()}
        return redirect_to_login(request.get_full_path())
    try:
        record = attendance.attendance_check_in(
            session=session, user=request.user, token=token, at=_scan_time(request, session, token)
        )
    except CoursesError as error:
        return _refusal(
            request, str(error), status=403 if error.code == "not_enrolled" else 400, session=session
        )
    request.session.pop(_SCAN_KEY, None)
    return render(request, "courses/teaching/check_in.html", {"session": session, "record": record})


def _scan_time(request: HttpRequest, session: Session, token: str) -> datetime.datetime | None:
    """When this code was scanned before signing in, if recently; else None (now)."""
    scan = request.session.get(_SCAN_KEY) or {}
    if scan.get("session") != session.pk or scan.get("token") != token:
        return None
    try:
        at = datetime.datetime.fromisoformat(scan["at"])
    except (KeyError, TypeError, ValueError):
        return None
    return at if timezone.now() - at <= SCAN_REMEMBERED_FOR else None


def _refusal(
    request: HttpRequest, message: str, *, status: int, session: Session | None = None
) -> HttpResponse:
    return render(
        request,
        "courses/teaching/check_in_refused.html",
        {"message": message, "session": session},
        status=status,
    )


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    """The queue of requests and waiting lists in the cohorts the person manages."""
    if not queries.may_approve(user=request.user):
        raise PermissionDenied(_("This page is for hub coordinators and programme managers."))
    return render(
        request,
        "courses/teaching/approvals.html",
        {"groups": queries.approvals_by_cohort(user=request.user), "reject_form": RejectForm()},
    )


def _managed_enrolment(request: HttpRequest, enrolment_id: int) -> Enrolment:
    return get_object_or_404(
        Enrolment.objects.filter(cohort__in=queries.cohorts_coordinated_by(user=request.user)).select_related(
            "user", "cohort__course"
        ),
        pk=enrolment_id,
    )


@require_POST
@login_required
def approve(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = _managed_enrolment(request, enrolment_id)
    name = enrolment.user.get_full_name()
    try:
        enrolment = enrolment_approve(enrolment=enrolment, by=request.user)
    except CoursesError as error:
        messages.error(request, str(error))
    else:
        if enrolment.state == Enrolment.State.WAITLISTED:
            messages.warning(
                request, _("%(name)s is on the waiting list: the cohort is full.") % {"name": name}
            )
        else:
            messages.success(request, _("%(name)s has a place in the cohort.") % {"name": name})
    return redirect("courses:approvals")


@require_POST
@login_required
def reject(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = _managed_enrolment(request, enrolment_id)
    form = RejectForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("reason", []):
            messages.error(request, error)
        return redirect("courses:approvals")
    try:
        enrolment_reject(enrolment=enrolment, by=request.user, reason=form.cleaned_data["reason"])
    except CoursesError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The request of %(name)s was rejected.") % {"name": enrolment.user.get_full_name()}
        )
    return redirect("courses:approvals")
