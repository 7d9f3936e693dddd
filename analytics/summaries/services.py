"""Counting the summaries from the fact table, and noting that they need counting again.

``summaries_rebuild`` counts every measure for every slice in set-based queries (one pass of the
fact table per measure and dimension; each slice's unique people counted within the slice) with
the reports' own definitions, so a report reads the same numbers from either side. The records'
refresh calls ``summaries_changed``; the rebuild runs a little later as a task (``tasks.py``),
counting every change that arrived meanwhile in one pass.
"""

import time

import pandas as pd
from django.core.cache import cache
from django.db import transaction
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Coalesce, ExtractYear
from django.utils import timezone

from analytics import conf
from analytics.reports import progress, reach
from analytics.reports.access import Scope
from analytics.reports.base import first_completion_months, records
from analytics.reports.cascade import SUMMARY_COLUMNS, cascaded, counted, people_trained
from analytics.reports.filters import ReportFilters
from analytics.summaries.models import Figure, SummaryState

Measure = Figure.Measure
LOCK = "analytics-summaries-rebuild"
# The dimensions a slice is counted for ("" is the whole table), as text like Figure.value.
DIMENSIONS = {
    "": Value(""),
    "governorate": Cast("governorate_id", CharField()),
    "programme": Cast("programme_id", CharField()),
    "course": Cast("course_id", CharField()),
    "hub": Cast("hub_id", CharField()),
    "gender": F("gender"),
    "year": Cast(ExtractYear("starts_on"), CharField()),
}


def _number(value) -> int:
    # Ids missing (no governorate; all governorates) are 0.
    return 0 if value is None or pd.isna(value) else int(value)


def _figures(dimension: str) -> list[Figure]:
    """Every measure of every slice of one dimension."""
    everything = Scope(hub_ids=None, personal_data=False)
    rows = records(filters=ReportFilters(), scope=everything).annotate(
        slice=Coalesce(DIMENSIONS[dimension], Value(""))
    )
    if dimension:
        rows = rows.exclude(slice="")
    by = ("slice",)
    made = []

    def add(measure: str, table, numbers: list[str], key: str = "") -> None:
        for row in table.to_dict("records"):
            made.append(
                Figure(
                    dimension=dimension,
                    value=row["slice"],
                    measure=measure,
                    key=str(row[key]) if key else "",
                    **{f"n{n}": _number(row[name]) for n, name in enumerate(numbers, start=1)},
                )
            )

    add(Measure.FUNNEL, progress.funnel_counts(rows, by), list(progress.FUNNEL))
    trained = reach.trained(rows)
    add(Measure.FIRST_MONTH, first_completion_months(trained, by), ["people"], key="month")
    add(
        Measure.GOVERNORATE,
        reach.unique_people(trained, [*by, "governorate_id"]),
        ["governorate_id", "reached"],
    )
    add(Measure.TARGET, reach.reached_for_targets(trained, by), reach.TARGET_COLUMNS)
    within = cascaded(rows)
    for measure, by_column in (
        (Measure.CASCADE, "master_trainer_id"),
        (Measure.CASCADE_GOVERNORATE, "governorate_id"),
    ):
        add(measure, counted(within, [*by, by_column]), SUMMARY_COLUMNS[by_column])
    add(Measure.CASCADE_PEOPLE, people_trained(within, by), ["people"])
    return made


def summaries_changed() -> None:
    """Note that the fact table changed, and count the summaries again shortly after the commit."""
    SummaryState.objects.filter(pk=1, changed_since__isnull=True).update(changed_since=timezone.now())
    from analytics.tasks import summaries_rebuild_task  # the task module calls this one

    delay = conf.get("ANALYTICS_SUMMARY_DELAY")
    transaction.on_commit(lambda: summaries_rebuild_task.apply_async(countdown=delay))


def summaries_rebuild() -> float:
    """Count every summary again from the fact table. Returns the seconds it took, or -1 when
    another rebuild was under way (that one, or the one its changes queue, counts these too)."""
    if not cache.add(LOCK, 1, timeout=3600):
        return -1.0
    try:
        return _rebuild()
    finally:
        cache.delete(LOCK)


def _rebuild() -> float:
    started, at = time.perf_counter(), timezone.now()
    # Changes from now on are noted again and counted by the next rebuild.
    SummaryState.objects.update_or_create(pk=1, defaults={"changed_since": None})
    try:
        with transaction.atomic():
            made = [figure for dimension in DIMENSIONS for figure in _figures(dimension)]
            Figure.objects.all().delete()
            Figure.objects.bulk_create(made, batch_size=5_000)
            seconds = time.perf_counter() - started
            SummaryState.objects.filter(pk=1).update(built_at=at, seconds=seconds)
    except Exception:
        SummaryState.objects.filter(pk=1, changed_since__isnull=True).update(changed_since=at)
        raise
    return seconds
