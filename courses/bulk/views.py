"""Bulk enrolment pages for staff: upload a list, choose its columns, read the dry run, confirm,
watch the progress, read the outcome.

Only staff who may fill some cohort from a list see these pages (``courses.bulk.access``); anyone
else gets 403, and a list for a cohort the person may not manage answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from courses.bulk import services
from courses.bulk.access import manageable_cohorts, may_bulk_enrol
from courses.bulk.checking import problem_text
from courses.bulk.forms import MappingForm, UploadForm
from courses.bulk.live import progress_of
from courses.errors import CoursesError
from courses.models import BulkEnrolment

Status = BulkEnrolment.Status
PROBLEMS_PER_PAGE = 100


def _require_staff(user) -> None:
    if not may_bulk_enrol(user=user):
        raise PermissionDenied(
            _("Bulk enrolment is for programme managers, hub coordinators and instructors.")
        )


def _bulk(request: HttpRequest, bulk_id: int) -> BulkEnrolment:
    _require_staff(request.user)
    visible = BulkEnrolment.objects.filter(cohort__in=manageable_cohorts(user=request.user))
    return get_object_or_404(visible.select_related("cohort__course", "created_by"), pk=bulk_id)


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    """Choose a cohort and a file; the lists uploaded lately are listed below."""
    _require_staff(request.user)
    cohorts = manageable_cohorts(user=request.user)
    # A list fills a cohort that has not ended yet.
    open_cohorts = cohorts.filter(ends_on__gte=timezone.localdate())
    form = UploadForm(request.POST or None, request.FILES or None, cohorts=open_cohorts)
    if request.method == "POST" and form.is_valid():
        try:
            bulk = services.bulk_enrolment_upload(
                cohort=form.cleaned_data["cohort"], file=form.cleaned_data["file"], by=request.user
            )
        except CoursesError as error:
            form.add_error("file", str(error))
        else:
            return redirect("courses:bulk_mapping", bulk.pk)
    recent = BulkEnrolment.objects.filter(cohort__in=cohorts).select_related("cohort__course")[:10]
    return render(request, "courses/bulk/upload.html", {"form": form, "recent": recent})


@login_required
def mapping(request: HttpRequest, bulk_id: int) -> HttpResponse:
    """The file's columns, each with a select of the field it holds (guessed from its header)."""
    bulk = _bulk(request, bulk_id)
    if bulk.status not in (Status.UPLOADED, Status.CHECKED):
        return redirect("courses:bulk_detail", bulk.pk)
    try:
        headers, sample = services.bulk_enrolment_preview(bulk=bulk)
    except CoursesError as error:
        messages.error(request, str(error))
        return redirect("courses:bulk_upload")
    form = MappingForm(request.POST or None, headers=headers, sample=sample, mapping=bulk.column_mapping)
    if request.method == "POST" and form.is_valid():
        try:
            services.bulk_enrolment_map(bulk=bulk, mapping=form.mapping())
        except CoursesError as error:
            form.add_error(None, str(error))
        else:
            return redirect("courses:bulk_detail", bulk.pk)
    return render(request, "courses/bulk/mapping.html", {"bulk": bulk, "form": form})


@never_cache
@login_required
def detail(request: HttpRequest, bulk_id: int) -> HttpResponse:
    """The list's page for its status: progress while it runs, the dry-run report, the outcome."""
    bulk = _bulk(request, bulk_id)
    if bulk.status == Status.UPLOADED:
        return redirect("courses:bulk_mapping", bulk.pk)
    if bulk.status in (Status.CHECKING, Status.APPLYING):
        return render(request, "courses/bulk/progress.html", _progress_context(bulk))
    check = bulk.summary.get("check", {})
    context = {
        "bulk": bulk,
        "problems": _problems(request, bulk),
        "check": check,
        "to_enrol": check.get("to_create", 0) + check.get("to_match", 0),
    }
    if bulk.status == Status.CHECKED:
        return render(request, "courses/bulk/report.html", context)
    return render(request, "courses/bulk/summary.html", {**context, "result": bulk.summary.get("result", {})})


@never_cache
@login_required
def progress(request: HttpRequest, bulk_id: int) -> HttpResponse:
    """The progress bar alone, polled by htmx every second; once the job ends, off to its page."""
    bulk = _bulk(request, bulk_id)
    if bulk.status not in (Status.CHECKING, Status.APPLYING):
        response = HttpResponse(status=204 if request.headers.get("HX-Request") else 302)
        response["HX-Redirect" if request.headers.get("HX-Request") else "Location"] = reverse(
            "courses:bulk_detail", args=[bulk.pk]
        )
        return response
    return render(request, "courses/bulk/_progress.html", _progress_context(bulk))


@require_POST
@login_required
def confirm(request: HttpRequest, bulk_id: int) -> HttpResponse:
    bulk = _bulk(request, bulk_id)
    try:
        services.bulk_enrolment_confirm(bulk=bulk, by=request.user)
    except CoursesError as error:
        messages.error(request, str(error))
    return redirect("courses:bulk_detail", bulk.pk)


@require_POST
@login_required
def cancel(request: HttpRequest, bulk_id: int) -> HttpResponse:
    bulk = _bulk(request, bulk_id)
    try:
        bulk = services.bulk_enrolment_cancel(bulk=bulk, by=request.user)
    except CoursesError as error:
        messages.error(request, str(error))
    else:
        if bulk.status == Status.CANCELLED:
            messages.success(request, _("The list is cancelled: nobody was enrolled from it."))
        else:
            messages.success(request, _("Stopping: everything done so far will be undone."))
    return redirect("courses:bulk_detail", bulk.pk)


def _progress_context(bulk: BulkEnrolment) -> dict:
    done, total = progress_of(bulk)
    return {"bulk": bulk, "done": done, "total": total, "percent": int(100 * done / total) if total else 0}


def _problems(request: HttpRequest, bulk: BulkEnrolment):
    """The page of problem rows asked for, each problem in words."""
    page = Paginator(bulk.report, PROBLEMS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = [
        {"row": entry["row"], "problems": [problem_text(p) for p in entry["problems"]]}
        for entry in page.object_list
    ]
    return page
