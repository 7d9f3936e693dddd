"""Large exports, built by a task: asked for (a row, the task queued on commit), written in chunks
that move the progress bar, fetched only by whoever asked, and swept away when they expire."""

import datetime
import tempfile

from django.core.files import File
from django.core.files.storage import storages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import timezone, translation

from analytics import conf
from analytics.exports.models import Export
from analytics.exports.tables import write_csv, write_xlsx
from analytics.reports import REPORTS
from analytics.reports.access import scope_for
from analytics.reports.filters import FiltersForm
from lms.api import stored_file_response

Status = Export.Status


def _storage():
    return storages["private"]


def export_request(*, user, report: str, fmt: str, query: str, language: str, rows: int) -> Export:
    """Queue the export of ``report`` as ``fmt`` with the filters of ``query`` for ``user``."""
    keep = datetime.timedelta(hours=conf.get("ANALYTICS_EXPORT_KEEP_HOURS"))
    export = Export.objects.create(
        requested_by=user,
        report=report,
        format=fmt,
        query=query,
        language=language,
        rows_total=rows,
        expires_at=timezone.now() + keep,
    )
    from analytics.tasks import export_build_task  # the task module calls this one

    transaction.on_commit(lambda: export_build_task.delay(str(export.pk)))
    return export


def export_build(*, export_id: str) -> None:
    """Write the export's file. Safe to run twice: a finished export is left as it is. The reader's
    scope is read again now, so a role lost meanwhile exports nothing."""
    export = Export.objects.select_related("requested_by").filter(pk=export_id).first()
    if export is None or export.status in (Status.READY, Status.FAILED):
        return
    Export.objects.filter(pk=export.pk).update(status=Status.RUNNING)
    scope = scope_for(user=export.requested_by)
    form = FiltersForm(QueryDict(export.query), hub_ids=scope.hub_ids if scope else None)
    if scope is None or not form.is_valid():
        Export.objects.filter(pk=export.pk).update(status=Status.FAILED)
        return
    spec = REPORTS[export.report]

    def progress(done: int) -> None:
        Export.objects.filter(pk=export.pk).update(rows_done=done)

    with translation.override(export.language):
        result = spec.build(filters=form.filters(), scope=scope)
        Export.objects.filter(pk=export.pk).update(rows_total=len(result.frame))
        with tempfile.SpooledTemporaryFile(max_size=8 * 2**20) as out:
            if export.format == "csv":
                write_csv(result, out, progress)
            else:
                rtl = translation.get_language_bidi()
                write_xlsx(result, out, title=str(spec.title), rtl=rtl, progress=progress)
            out.seek(0)
            name = _storage().save(f"analytics/exports/{export.pk}.{export.format}", File(out))
    Export.objects.filter(pk=export.pk).update(status=Status.READY, file=name, rows_done=len(result.frame))


def export_failed(*, export_id: str) -> None:
    Export.objects.filter(pk=export_id).exclude(status=Status.READY).update(status=Status.FAILED)


def exports_sweep(*, now: datetime.datetime | None = None) -> int:
    """Delete expired exports and their files. Returns how many."""
    expired = list(Export.objects.filter(expires_at__lte=now or timezone.now()))
    storage = _storage()
    for export in expired:
        if export.file and storage.exists(export.file):
            storage.delete(export.file)
        export.delete()
    return len(expired)


def export_for(*, user, export_id) -> Export | None:
    """The export, if ``user`` asked for it and it has not expired."""
    return Export.objects.filter(pk=export_id, requested_by=user, expires_at__gt=timezone.now()).first()


def export_response(*, request: HttpRequest, export: Export, filename: str) -> HttpResponse:
    """The export's file, to download as ``filename``: the view has checked who asks."""
    return stored_file_response(
        _storage(), export.file, request=request, as_attachment=True, filename=filename
    )
