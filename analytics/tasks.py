"""Celery tasks of analytics: the nightly rebuild of the fact table, the refresh of its stale
rows, the summaries' rebuild after changes, and the monthly report."""

import datetime

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from analytics import conf
from analytics.exports.jobs import export_build, export_failed, exports_sweep
from analytics.exports.report import pdf_for
from analytics.records.services import records_rebuild, records_refresh_stale
from analytics.reports.access import Scope
from analytics.reports.filters import ReportFilters
from analytics.summaries.models import SummaryState
from analytics.summaries.services import summaries_rebuild
from lms import api as lms_api


@shared_task(name="analytics.records_rebuild")
def records_rebuild_task() -> int:
    return records_rebuild()


@shared_task(name="analytics.records_refresh_stale")
def records_refresh_stale_task() -> int:
    return records_refresh_stale()


@shared_task(name="analytics.summaries_rebuild", bind=True, max_retries=None)
def summaries_rebuild_task(self) -> float:
    """Count the summaries again if the fact table changed since they were counted (so the tasks
    queued by a burst of changes rebuild once, and running one twice costs a query)."""
    state = SummaryState.objects.filter(pk=1).first()
    if state is not None and state.built_at is not None and state.changed_since is None:
        return 0.0
    seconds = summaries_rebuild()
    if seconds < 0 and not self.request.is_eager:
        # Another rebuild is under way and may have begun before these changes: count again after.
        raise self.retry(countdown=conf.get("ANALYTICS_SUMMARY_DELAY"))
    return seconds


@shared_task(name="analytics.export_build")
def export_build_task(export_id: str) -> None:
    try:
        export_build(export_id=export_id)
    except Exception:
        export_failed(export_id=export_id)
        raise


@shared_task(name="analytics.exports_sweep")
def exports_sweep_task() -> int:
    return exports_sweep()


@shared_task(name="analytics.monthly_report_send")
def monthly_report_send() -> int:
    """Mail last month's PDF report to every centre director, in their language. Running twice
    sends it twice; beat runs it once a month."""
    first = timezone.localdate().replace(day=1)
    start = (first - datetime.timedelta(days=1)).replace(day=1)
    filters = ReportFilters(start=start, end=first - datetime.timedelta(days=1))
    sent = 0
    for director in lms_api.people_with_role(role=lms_api.Role.CENTRE_DIRECTOR):
        if not director.email:
            continue
        with translation.override(director.language):
            pdf = pdf_for(
                filters=filters,
                scope=Scope(hub_ids=None, personal_data=True),
                rtl=translation.get_language_bidi(),
            )
            message = EmailMessage(
                subject=_("Training reach report: %(month)s") % {"month": start.strftime("%Y-%m")},
                body=_("The training reach report of last month is attached."),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[director.email],
            )
            message.attach(f"tadrib-{start:%Y-%m}.pdf", pdf, "application/pdf")
            sent += message.send()
    return sent
