"""Thin views of the dashboard, the reports and their exports. Each reads the reader's scope
first (``reports/access.py``) and hands it to the report: no view filters figures itself."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language, get_language_bidi

from analytics import conf
from analytics.dashboard.overview import chart_svg
from analytics.dashboard.overview import dashboard as dashboard_data
from analytics.exports.jobs import export_for, export_request, export_response
from analytics.exports.models import Export
from analytics.exports.report import pdf_for
from analytics.exports.tables import as_csv, as_xlsx
from analytics.reports import REPORTS
from analytics.reports.access import Scope, scope_for
from analytics.reports.filters import FiltersForm, ReportFilters


def _read(request: HttpRequest) -> tuple[Scope, FiltersForm]:
    scope = scope_for(user=request.user)
    if scope is None:
        raise PermissionDenied
    form = FiltersForm(request.GET or None, hub_ids=scope.hub_ids)
    return scope, form


def _refused(request: HttpRequest, form: FiltersForm) -> HttpResponse:
    return render(request, "analytics/refused.html", {"form": form}, status=400)


def _filters(form: FiltersForm) -> ReportFilters | None:
    if not form.is_bound:
        return ReportFilters()
    return form.filters() if form.is_valid() else None


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    scope, form = _read(request)
    filters = _filters(form)
    if filters is None:
        return _refused(request, form)
    context = dashboard_data(filters=filters, scope=scope, rtl=get_language_bidi())
    query = urlencode(filters.as_query())
    return render(
        request,
        "analytics/dashboard.html",
        {**context, "form": form, "reports": REPORTS.values(), "query": query, "scope": scope},
    )


@login_required
def report(request: HttpRequest, key: str) -> HttpResponse:
    spec = REPORTS.get(key)
    if spec is None:
        raise Http404
    scope, form = _read(request)
    filters = _filters(form)
    if filters is None:
        return _refused(request, form)
    result = spec.build(filters=filters, scope=scope)
    rows = result.rows()
    drill = result.drill
    if drill is not None:
        target = reverse("analytics:report", args=[drill.report or key])
        for row in rows:
            if row.get(drill.id_column) is not None:
                row["_drill"] = (
                    f"{target}?{urlencode({**filters.as_query(), drill.param: int(row[drill.id_column])})}"
                )
    return render(
        request,
        "analytics/report.html",
        {
            "spec": spec,
            "result": result,
            "rows": rows,
            "svg": chart_svg(result, rtl=get_language_bidi()),
            "form": form,
            "query": urlencode(filters.as_query()),
            "reports": REPORTS.values(),
        },
    )


@login_required
def report_export(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    spec = REPORTS.get(key)
    if spec is None or fmt not in ("csv", "xlsx"):
        raise Http404
    scope, form = _read(request)
    filters = _filters(form)
    if filters is None:
        return _refused(request, form)
    result = spec.build(filters=filters, scope=scope)
    if len(result.frame) > conf.get("ANALYTICS_EXPORT_DIRECT_ROWS"):
        export = export_request(
            user=request.user,
            report=key,
            fmt=fmt,
            query=urlencode(filters.as_query()),
            language=get_language(),
            rows=len(result.frame),
        )
        return redirect("analytics:export", export.pk)
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        response = HttpResponse(as_csv(result), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            as_xlsx(result, title=str(spec.title), rtl=get_language_bidi()),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="tadrib-{key}-{stamp}.{fmt}"'
    return response


@login_required
def dashboard_pdf(request: HttpRequest) -> HttpResponse:
    scope, form = _read(request)
    filters = _filters(form)
    if filters is None:
        return _refused(request, form)
    response = HttpResponse(
        pdf_for(filters=filters, scope=scope, rtl=get_language_bidi()), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="tadrib-report-{timezone.localdate().isoformat()}.pdf"'
    )
    return response


def _export(request: HttpRequest, export_id) -> Export:
    """The reader's own export; anyone else's, or an expired one, is not found."""
    if scope_for(user=request.user) is None:
        raise PermissionDenied
    export = export_for(user=request.user, export_id=export_id)
    if export is None:
        raise Http404
    return export


@login_required
def export(request: HttpRequest, export_id) -> HttpResponse:
    """A large export's page: its progress bar (polled by htmx; without JavaScript the page
    reloads itself and has a refresh link), then its download link."""
    item = _export(request, export_id)
    spec = REPORTS[item.report]
    return render(
        request, "analytics/export.html", {"export": item, "spec": spec, "reports": REPORTS.values()}
    )


@login_required
def export_progress(request: HttpRequest, export_id) -> HttpResponse:
    return render(request, "analytics/_export_progress.html", {"export": _export(request, export_id)})


@login_required
def export_download(request: HttpRequest, export_id) -> HttpResponse:
    item = _export(request, export_id)
    if item.status != Export.Status.READY:
        return redirect("analytics:export", item.pk)
    name = f"tadrib-{item.report}-{item.created_at.date().isoformat()}.{item.format}"
    return export_response(request=request, export=item, filename=name)
