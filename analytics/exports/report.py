"""The PDF report of the dashboard and its main reports, for a download and the monthly e-mail."""

from django.utils import timezone
from django.utils.translation import gettext as _

from analytics.dashboard.overview import dashboard as dashboard_data
from analytics.exports.pdf import report_pdf
from analytics.reports import REPORTS
from analytics.reports.access import Scope
from analytics.reports.filters import ReportFilters

PDF_SECTIONS = ("reach-target", "governorates", "funnel", "cascade", "hubs", "certificates")


def pdf_for(*, filters: ReportFilters, scope: Scope, rtl: bool) -> bytes:
    """The PDF report of the dashboard and its main reports (also mailed monthly)."""
    overview = dashboard_data(filters=filters, scope=scope, rtl=rtl)
    sections = [
        (str(REPORTS[key].title), REPORTS[key].build(filters=filters, scope=scope)) for key in PDF_SECTIONS
    ]
    return report_pdf(
        title=_("Training reach report"),
        subtitle=_("Made on %(date)s") % {"date": timezone.localdate().isoformat()},
        headlines=overview["headlines"],
        sections=sections,
        rtl=rtl,
    )
