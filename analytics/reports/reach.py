"""Reach: unique people trained (who completed a course) over time, and against the targets set
per programme, year and governorate."""

import pandas as pd
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from analytics.records.models import Target
from analytics.reports.access import Scope
from analytics.reports.base import (
    TRAINED,
    Chart,
    Column,
    Drill,
    Names,
    ReportResult,
    first_completion_months,
    frame,
    named,
    pct,
    records,
)
from analytics.reports.filters import ReportFilters
from analytics.summaries.models import Figure
from analytics.summaries.queries import figures, unknown_as_missing

Measure = Figure.Measure
TARGET_COLUMNS = ["programme_id", "year", "governorate_id", "reached"]


def trained(rows):
    """The rows of people trained: completed, with the day they completed."""
    return rows.filter(status__in=TRAINED, completed_on__isnull=False)


def _trained(*, filters: ReportFilters, scope: Scope):
    return trained(records(filters=filters, scope=scope))


def _summarised(measure: str, *, filters: ReportFilters, scope: Scope, columns: list[str], key: str = ""):
    return figures(measure, filters=filters, scope=scope, columns=columns, key=key)


def reach_over_time(*, filters: ReportFilters, scope: Scope) -> ReportResult:
    """People trained per month, each counted in the first month they completed anything (so the
    months add up to the period's unique reach), and the running total."""
    table = _summarised(Measure.FIRST_MONTH, filters=filters, scope=scope, columns=["people"], key="month")
    if table is None:
        table = first_completion_months(_trained(filters=filters, scope=scope))
    else:
        table = table.sort_values("month").reset_index(drop=True)
    table["cumulative"] = table["people"].cumsum()
    return ReportResult(
        columns=[
            Column("month", _("Month"), "text"),
            Column("people", _("People trained for the first time")),
            Column("cumulative", _("People trained, running total")),
        ],
        frame=table,
        chart=Chart("line", "month", ["cumulative"], _("People trained, running total")),
        summary=[(_("People trained"), int(table["people"].sum()))],
    )


def unique_people(rows, by: list[str]) -> pd.DataFrame:
    """Unique people within each group of ``by`` (``reached``)."""
    grouped = rows.order_by().values(*by).annotate(reached=Count("person_id", distinct=True))
    return frame(grouped, [*by, "reached"])


def reached_for_targets(rows, by: tuple[str, ...] = ()) -> pd.DataFrame:
    """People trained per programme, year of completion and governorate, and per programme and
    year over all governorates (``governorate_id`` missing), within each group of ``by``."""
    rows = rows.filter(programme_id__isnull=False).annotate(year=ExtractYear("completed_on"))
    by_place = unique_people(rows, [*by, "programme_id", "year", "governorate_id"])
    overall = unique_people(rows, [*by, "programme_id", "year"])
    overall["governorate_id"] = pd.NA
    return pd.concat([by_place, overall], ignore_index=True)


def reach_against_target(*, filters: ReportFilters, scope: Scope) -> ReportResult:
    """Per programme, year and governorate: people trained in that year (a person trained twice in
    a year counts once) against the target; a target with no governorate covers all of them."""
    reached = _summarised(Measure.TARGET, filters=filters, scope=scope, columns=TARGET_COLUMNS)
    if reached is None:
        reached = reached_for_targets(_trained(filters=filters, scope=scope))
    else:
        reached["governorate_id"] = unknown_as_missing(reached["governorate_id"])
    targets = Target.objects.all()
    if filters.programme:
        targets = targets.filter(programme_id=filters.programme)
    if filters.governorate:
        targets = targets.filter(governorate_id=filters.governorate)
    goals = pd.DataFrame.from_records(
        list(targets.values_list("programme_id", "year", "governorate_id", "people")),
        columns=["programme_id", "year", "governorate_id", "target"],
    )
    key = ["programme_id", "year", "governorate_id"]
    for part in (reached, goals):
        for column in key:
            part[column] = part[column].astype("Int64")
    table = goals.merge(reached, on=key, how="left")
    table["reached"] = table["reached"].fillna(0).astype(int)
    table["percent"] = [pct(r, t) for r, t in zip(table["reached"], table["target"], strict=True)]
    names = Names(scope=scope)
    table["programme"] = named(table["programme_id"], names.programmes())
    table["governorate"] = named(table["governorate_id"], names.governorates(), _("All governorates"))
    table = table.sort_values(["year", "programme", "governorate"], ascending=[False, True, True])
    table["label"] = table["governorate"]
    return ReportResult(
        columns=[
            Column("programme", _("Programme"), "text"),
            Column("year", _("Year"), "text"),
            Column("governorate", _("Governorate"), "text"),
            Column("target", _("Target")),
            Column("reached", _("People trained")),
            Column("percent", _("% of target"), "pct"),
        ],
        frame=table.reset_index(drop=True),
        chart=Chart("bar", "label", ["percent"], _("% of target")),
        drill=Drill("governorate", "governorate", "governorate_id", report="reach-target"),
    )


def reach_by_governorate(*, filters: ReportFilters, scope: Scope) -> ReportResult:
    """Unique people trained per governorate (their profile's), for the map and the table."""
    reached = _summarised(
        Measure.GOVERNORATE, filters=filters, scope=scope, columns=["governorate_id", "reached"]
    )
    if reached is None:
        reached = unique_people(_trained(filters=filters, scope=scope), ["governorate_id"])
    else:
        reached["governorate_id"] = unknown_as_missing(reached["governorate_id"])
    counts = dict(zip(reached["governorate_id"], reached["reached"], strict=True))
    names = Names(scope=scope)
    governorates = names.governorates()
    codes = names.governorate_codes()
    table = pd.DataFrame({"governorate_id": list(governorates), "code": [codes[pk] for pk in governorates]})
    table["people"] = [int(counts.get(pk, 0)) for pk in table["governorate_id"]]
    table["governorate"] = named(table["governorate_id"], governorates)
    unknown = int(sum(n for pk, n in counts.items() if pd.isna(pk)))
    return ReportResult(
        columns=[Column("governorate", _("Governorate"), "text"), Column("people", _("People trained"))],
        frame=table.sort_values("people", ascending=False).reset_index(drop=True),
        chart=Chart("map", "code", ["people"], _("People trained by governorate")),
        drill=Drill("governorate", "governorate", "governorate_id", report="reach"),
        summary=[(_("People trained with no governorate on their profile"), unknown)],
    )
