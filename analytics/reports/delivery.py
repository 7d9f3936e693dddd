"""Delivery: hub utilisation (seats offered vs filled, attendance) and learning gain (pre/post)."""

import pandas as pd
from django.utils.translation import gettext_lazy as _

from analytics.reports.access import Scope
from analytics.reports.base import Chart, Column, Drill, Names, ReportResult, frame, named, pct, records
from analytics.reports.filters import ReportFilters


def hub_utilisation(*, filters: ReportFilters, scope: Scope) -> ReportResult:
    """Per hub: cohorts held, seats offered (their capacities), seats filled (enrolments that
    held a seat) and attendance (sessions attended ÷ sessions held, of the seated)."""
    rows = records(filters=filters, scope=scope).filter(hub_id__isnull=False)
    data = frame(rows, ["hub_id", "cohort_id", "capacity", "seated", "sessions_held", "sessions_attended"])
    data["seated"] = data["seated"].astype(bool)
    seated = data[data["seated"]]
    cohorts = data.drop_duplicates("cohort_id")
    table = pd.DataFrame(
        {
            "cohorts": cohorts.groupby("hub_id").size(),
            "offered": cohorts.groupby("hub_id")["capacity"].sum(),
            "filled": seated.groupby("hub_id").size(),
            "held": seated.groupby("hub_id")["sessions_held"].sum(),
            "attended": seated.groupby("hub_id")["sessions_attended"].sum(),
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
    rows = records(filters=filters, scope=scope).filter(pre_score__isnull=False, post_score__isnull=False)
    data = frame(rows, [by, "pre_score", "post_score"])
    data["gain"] = data["post_score"] - data["pre_score"]
    table = (
        data.groupby(by)
        .agg(
            people=("gain", "size"),
            pre=("pre_score", "mean"),
            post=("post_score", "mean"),
            gain=("gain", "mean"),
        )
        .round(1)
        .reset_index()
    )
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
