"""How far people get: the enrolment → active → completed → certified funnel, and completion and
pass rates per course (drilling into its cohorts)."""

import pandas as pd
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from analytics.reports.access import Scope
from analytics.reports.base import (
    STARTED,
    Chart,
    Column,
    Drill,
    Names,
    ReportResult,
    Status,
    frame,
    named,
    pct,
    records,
)
from analytics.reports.filters import ReportFilters
from analytics.summaries.models import Figure
from analytics.summaries.queries import figures

CERTIFIED = ("issued", "expired", "replaced")


# Enrolments at each step of the funnel, counted the same way by the report and the summaries.
FUNNEL = {
    "enrolled": Count("pk"),
    "began": Count("pk", filter=Q(status__in=STARTED)),
    "completed": Count("pk", filter=Q(status=Status.COMPLETED)),
    "certified": Count("pk", filter=Q(status=Status.COMPLETED, certificate_status__in=CERTIFIED)),
}


def funnel_counts(rows, by: tuple[str, ...]) -> pd.DataFrame:
    """The funnel's counts within each group of ``by``."""
    return frame(rows.order_by().values(*by).annotate(**FUNNEL), [*by, *FUNNEL])


def funnel(*, filters: ReportFilters, scope: Scope) -> ReportResult:
    """Enrolments at each step: every enrolment; those that began (active, completed or failed);
    completed; completed with a certificate (issued, since expired or replaced: not revoked)."""
    counted = figures(Figure.Measure.FUNNEL, filters=filters, scope=scope, columns=list(FUNNEL))
    if counted is None:
        counted = records(filters=filters, scope=scope).aggregate(**FUNNEL)
    else:
        counted = {step: int(counted[step].sum()) for step in FUNNEL}
    steps = [
        (_("Enrolled"), counted["enrolled"]),
        (_("Active"), counted["began"]),
        (_("Completed"), counted["completed"]),
        (_("Certified"), counted["certified"]),
    ]
    table = pd.DataFrame(steps, columns=["step", "enrolments"])
    table["percent"] = [pct(n, steps[0][1]) for n in table["enrolments"]]
    return ReportResult(
        columns=[
            Column("step", _("Step"), "text"),
            Column("enrolments", _("Enrolments")),
            Column("percent", _("% of enrolled"), "pct"),
        ],
        frame=table,
        chart=Chart("bar", "step", ["enrolments"], _("Enrolment funnel")),
    )


def rates(*, filters: ReportFilters, scope: Scope) -> ReportResult:
    """Per course (per cohort once a course is chosen): completion rate = completed ÷ began;
    pass rate = completed ÷ (completed + failed)."""
    by = "cohort_id" if filters.course else "course_id"
    grouped = (
        records(filters=filters, scope=scope)
        .order_by()
        .values(by)
        .annotate(
            enrolments=Count("pk"),
            began=Count("pk", filter=Q(status__in=STARTED)),
            completed=Count("pk", filter=Q(status=Status.COMPLETED)),
            failed=Count("pk", filter=Q(status=Status.FAILED)),
        )
    )
    table = frame(grouped, [by, "enrolments", "began", "completed", "failed"])
    table["completion_rate"] = [pct(c, b) for c, b in zip(table["completed"], table["began"], strict=True)]
    table["pass_rate"] = [pct(c, c + f) for c, f in zip(table["completed"], table["failed"], strict=True)]
    names = Names(scope=scope)
    table["name"] = named(table[by], names.courses() if by == "course_id" else names.cohorts(table[by]))
    return ReportResult(
        columns=[
            Column("name", _("Cohort") if filters.course else _("Course"), "text"),
            Column("enrolments", _("Enrolments")),
            Column("began", _("Began")),
            Column("completed", _("Completed")),
            Column("failed", _("Failed")),
            Column("completion_rate", _("Completion rate"), "pct"),
            Column("pass_rate", _("Pass rate"), "pct"),
        ],
        frame=table.sort_values("name").reset_index(drop=True),
        chart=Chart("bar", "name", ["completion_rate"], _("Completion rate")),
        drill=None if filters.course else Drill("name", "course", "course_id", report="rates"),
    )
