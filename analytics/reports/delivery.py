"""Delivery: hub utilisation (seats offered vs filled, attendance) and learning gain (pre/post)."""

import pandas as pd
from django.db.models import Avg, Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from analytics.reports.access import Scope
from analytics.reports.base import Chart, Column, Drill, Names, ReportResult, frame, named, pct, records
from analytics.reports.filters import ReportFilters


def hub_utilisation(*, filters: ReportFilters, scope: Scope) -> ReportResult:
    """Per hub: cohorts held, seats offered (their capacities), seats filled (enrolments that
    held a seat) and attendance (sessions attended ÷ sessions held, of the seated)."""
    # One row per cohort from the database, then summed per hub.
    per_cohort = (
        records(filters=filters, scope=scope)
        .filter(hub_id__isnull=False)
        .order_by()
        .values("hub_id", "cohort_id", "capacity")
        .annotate(
            filled=Count("pk", filter=Q(seated=True)),
            held=Sum("sessions_held", filter=Q(seated=True), default=0),
            attended=Sum("sessions_attended", filter=Q(seated=True), default=0),
        )
    )
    data = frame(per_cohort, ["hub_id", "cohort_id", "capacity", "filled", "held", "attended"])
    grouped = data.groupby("hub_id")
    table = pd.DataFrame(
        {
            "cohorts": grouped["cohort_id"].nunique(),
            "offered": grouped["capacity"].sum(),
            "filled": grouped["filled"].sum(),
            "held": grouped["held"].sum(),
            "attended": grouped["attended"].sum(),
        }
    )
    table = table.fillna(0).astype(int).reset_index()
    table["fill_rate"] = [pct(f, o) for f, o in zip(table["filled"], table["offered"], strict=True)]
    table["attendance"] = [pct(a, h) for a, h in zip(table["attended"], table["held"], strict=True)]
    table["hub"] = named(table["hub_id"], Names(scope=scope).hubs())
    return ReportResult(
        columns=[
            Column("hub", _("Training hub"), "text"),
            Column("cohorts", _("Cohorts")),
            Column("offered", _("Seats offered")),
            Column("filled", _("Seats filled")),
            Column("fill_rate", _("Seats filled (%)"), "pct"),
            Column("attendance", _("Attendance"), "pct"),
        ],
        frame=table.sort_values("hub").reset_index(drop=True),
        chart=Chart("bar", "hub", ["fill_rate"], _("Seats filled (%)")),
        drill=Drill("hub", "hub", "hub_id", report="rates"),
    )


def learning_gain(*, filters: ReportFilters, scope: Scope) -> ReportResult:
    """Per course (per cohort once a course is chosen), of those with both tests: mean pre-test,
    mean post-test and mean gain in percentage points."""
    by = "cohort_id" if filters.course else "course_id"
    grouped = (
        records(filters=filters, scope=scope)
        .filter(pre_score__isnull=False, post_score__isnull=False)
        .order_by()
        .values(by)
        .annotate(people=Count("pk"), pre=Avg("pre_score"), post=Avg("post_score"))
    )
    table = frame(grouped, [by, "people", "pre", "post"])
    for column in ("pre", "post"):
        table[column] = table[column].astype(float)
    table["gain"] = table["post"] - table["pre"]
    table[["pre", "post", "gain"]] = table[["pre", "post", "gain"]].round(1)
    names = Names(scope=scope)
    table["name"] = named(table[by], names.courses() if by == "course_id" else names.cohorts(table[by]))
    return ReportResult(
        columns=[
            Column("name", _("Cohort") if filters.course else _("Course"), "text"),
            Column("people", _("People with both tests")),
            Column("pre", _("Pre-test (mean %)"), "num"),
            Column("post", _("Post-test (mean %)"), "num"),
            Column("gain", _("Gain (points)"), "num"),
        ],
        frame=table.sort_values("name").reset_index(drop=True),
        chart=Chart("bar", "name", ["gain"], _("Learning gain")),
        drill=None if filters.course else Drill("name", "course", "course_id", report="gain"),
    )
