"""Reading the summaries: which slice answers a request, and its figures, or None when no current
summary answers it (then the report counts the fact table itself, with the same numbers).

A request is answered from a slice when, after the reader's scope, it narrows the records by at
most one filter that summaries are counted for: nothing (the whole table), one governorate,
programme, course, hub or gender, or one calendar year of cohorts. A hub coordinator of one hub
reads that hub's slice. Anything narrower is counted from the fact table.
"""

import datetime
from dataclasses import fields

import pandas as pd
from django.utils import timezone

from analytics import conf
from analytics.reports.access import Scope
from analytics.reports.filters import ReportFilters
from analytics.summaries.models import Figure, SummaryState

# The filters a slice is counted for, in ReportFilters' names (the year is start and end).
SLICED = ("governorate", "programme", "course", "hub", "gender")


def slice_for(*, filters: ReportFilters, scope: Scope) -> tuple[str, str] | None:
    """(dimension, value) of the one slice that holds exactly these records, or None."""
    narrowed = {f.name: getattr(filters, f.name) for f in fields(filters)}
    narrowed = {name: value for name, value in narrowed.items() if value not in (None, "")}
    if scope.hub_ids is not None:
        if len(scope.hub_ids) != 1:
            return None
        (hub,) = scope.hub_ids
        if narrowed.get("hub", hub) != hub:
            return None
        narrowed["hub"] = hub
    start, end = narrowed.pop("start", None), narrowed.pop("end", None)
    if start or end:
        whole_year = (
            start is not None
            and end is not None
            and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
            and start.year == end.year
        )
        if not whole_year:
            return None
        narrowed["year"] = start.year
    if not narrowed:
        return ("", "")
    if len(narrowed) != 1:
        return None
    ((name, value),) = narrowed.items()
    return (name, str(value)) if name in (*SLICED, "year") else None


def state() -> SummaryState | None:
    return SummaryState.objects.filter(pk=1).first()


def current(summary: SummaryState | None, *, now: datetime.datetime | None = None) -> bool:
    """Whether summaries exist and lag the fact table by no more than ANALYTICS_SUMMARY_MAX_LAG."""
    if summary is None or summary.built_at is None:
        return False
    if summary.changed_since is None:
        return True
    lag = (now or timezone.now()) - summary.changed_since
    return lag.total_seconds() <= conf.get("ANALYTICS_SUMMARY_MAX_LAG")


def figures(
    measure: str, *, filters: ReportFilters, scope: Scope, columns: list[str], key: str = ""
) -> pd.DataFrame | None:
    """The measure's figures for this request as a frame of ``columns`` (n1, n2, … in order) and,
    when named, the figures' key as column ``key``; None when no current summary answers it. An
    empty frame is a slice with no records."""
    chosen = slice_for(filters=filters, scope=scope)
    if chosen is None or not current(state()):
        return None
    dimension, value = chosen
    numbers = [f"n{n}" for n in range(1, len(columns) + 1)]
    rows = Figure.objects.filter(dimension=dimension, value=value, measure=measure)
    if key:
        return pd.DataFrame.from_records(list(rows.values_list("key", *numbers)), columns=[key, *columns])
    return pd.DataFrame.from_records(list(rows.values_list(*numbers)), columns=columns)


def unknown_as_missing(ids: pd.Series) -> pd.Series:
    """Ids as the fact table has them: the summaries' 0 (no governorate, all governorates) missing."""
    return ids.astype("Int64").where(ids != 0, pd.NA)
