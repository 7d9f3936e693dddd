"""The reports, one module per subject, each a function ``(filters=, scope=) -> ReportResult``
registered here under the key its URL uses."""

from django.utils.translation import gettext_lazy as _

from analytics.reports.base import ReportResult, ReportSpec
from analytics.reports.cascade import cascade, cascade_by_governorate
from analytics.reports.delivery import hub_utilisation, learning_gain
from analytics.reports.outcomes import certificates, data_quality, engagement
from analytics.reports.progress import funnel, rates
from analytics.reports.reach import reach_against_target, reach_by_governorate, reach_over_time

REPORTS: dict[str, ReportSpec] = {
    spec.key: spec
    for spec in [
        ReportSpec(
            "reach", _("Reach over time"), _("Unique people trained, month by month."), reach_over_time
        ),
        ReportSpec(
            "reach-target",
            _("Reach against target"),
            _("People trained per programme, year and governorate against the targets set."),
            reach_against_target,
        ),
        ReportSpec(
            "governorates",
            _("Reach by governorate"),
            _("Unique people trained in each governorate."),
            reach_by_governorate,
        ),
        ReportSpec("funnel", _("Enrolment funnel"), _("Enrolled → active → completed → certified."), funnel),
        ReportSpec("rates", _("Completion and pass rates"), _("Per course, then per cohort."), rates),
        ReportSpec(
            "cascade",
            _("Training-of-trainers cascade"),
            _("Each master trainer, the cohorts delivered under them and the people trained."),
            cascade,
        ),
        ReportSpec(
            "cascade-governorate",
            _("Cascade by governorate"),
            _("Trainers, cohorts, people trained and the reach multiplier per governorate."),
            cascade_by_governorate,
        ),
        ReportSpec(
            "hubs", _("Hub utilisation"), _("Seats offered and filled, and attendance."), hub_utilisation
        ),
        ReportSpec("gain", _("Learning gain"), _("Pre-test and post-test scores per course."), learning_gain),
        ReportSpec(
            "certificates", _("Certificates"), _("Issued, expiring within 90 days, revoked."), certificates
        ),
        ReportSpec(
            "engagement",
            _("Content engagement"),
            _("Time spent and completion per content package, from the LRS."),
            engagement,
        ),
        ReportSpec(
            "quality",
            _("Data quality"),
            _("Profiles missing an organisation or a governorate."),
            data_quality,
        ),
    ]
}

__all__ = ["REPORTS", "ReportResult", "ReportSpec"]
