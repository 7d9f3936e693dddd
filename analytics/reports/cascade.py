"""The training-of-trainers cascade: each master trainer → the cohorts delivered under them (by
them or the trainers they trained) → the people trained; and the reach multiplier.

Reach multiplier = people trained ÷ trainers who delivered the cohorts (the master trainer counted
when they delivered one themselves): how many people each trainer of the cascade reached.
"""

import pandas as pd
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from analytics.reports.access import Scope
from analytics.reports.base import TRAINED, Chart, Column, Drill, Names, ReportResult, frame, named, records
from analytics.reports.filters import ReportFilters
from analytics.summaries.models import Figure
from analytics.summaries.queries import figures

Measure = Figure.Measure

TRAINED_ONLY = Q(status__in=TRAINED)


def cascaded(rows):
    """The rows of cohorts delivered within a cascade (a master trainer above the trainer)."""
    return rows.filter(master_trainer_id__isnull=False)


def _rows(*, filters: ReportFilters, scope: Scope):
    return cascaded(records(filters=filters, scope=scope))


# Per group: trainers who delivered, cohorts delivered, people trained.
COUNTS = {
    "trainers": Count("trainer_id", distinct=True),
    "cohorts": Count("cohort_id", distinct=True),
    "people": Count("person_id", distinct=True, filter=TRAINED_ONLY),
}
SUMMARY_COLUMNS = {
    "master_trainer_id": ["master_trainer_id", *COUNTS],
    "governorate_id": ["governorate_id", *COUNTS],
}


def counted(rows, by: list[str]) -> pd.DataFrame:
    """Trainers, cohorts and people trained within each group of ``by`` (its last column known)."""
    grouped = rows.exclude(**{f"{by[-1]}__isnull": True}).order_by().values(*by).annotate(**COUNTS)
    return frame(grouped, [*by, *COUNTS])


def _summarise(by: str, *, filters: ReportFilters, scope: Scope) -> pd.DataFrame:
    measure = Measure.CASCADE if by == "master_trainer_id" else Measure.CASCADE_GOVERNORATE
    table = figures(measure, filters=filters, scope=scope, columns=SUMMARY_COLUMNS[by])
    if table is None:
        table = counted(_rows(filters=filters, scope=scope), [by])
    table["multiplier"] = (table["people"] / table["trainers"].where(table["trainers"] > 0)).round(1)
    return table


def people_trained(rows, by: tuple[str, ...]) -> pd.DataFrame:
    """Unique people trained within each group of ``by`` (``people``)."""
    grouped = (
        rows.filter(TRAINED_ONLY).order_by().values(*by).annotate(people=Count("person_id", distinct=True))
    )
    return frame(grouped, [*by, "people"])


def _people_trained(rows) -> int:
    return rows.filter(TRAINED_ONLY).aggregate(n=Count("person_id", distinct=True))["n"]


def cascade(*, filters: ReportFilters, scope: Scope) -> ReportResult:
    """One row per master trainer; drilled into one master trainer, one row per cohort."""
    names = Names(scope=scope)
    if filters.master_trainer:
        return _cohorts(_rows(filters=filters, scope=scope), names)
    table = _summarise("master_trainer_id", filters=filters, scope=scope)
    through = figures(Measure.CASCADE_PEOPLE, filters=filters, scope=scope, columns=["people"])
    if through is None:
        through = _people_trained(_rows(filters=filters, scope=scope))
    else:
        through = int(through["people"].sum())
    table["name"] = named(table["master_trainer_id"], names.people(table["master_trainer_id"]))
    return ReportResult(
        columns=[
            Column("name", _("Master trainer"), "text"),
            Column("trainers", _("Trainers")),
            Column("cohorts", _("Cohorts delivered")),
            Column("people", _("People trained")),
            Column("multiplier", _("Reach multiplier"), "num"),
        ],
        frame=table.sort_values("people", ascending=False).reset_index(drop=True),
        chart=Chart("bar", "name", ["people"], _("People trained per master trainer")),
        drill=Drill("name", "master_trainer", "master_trainer_id", report="cascade"),
        summary=[
            (_("Master trainers"), len(table)),
            (_("People trained through the cascade"), through),
        ],
    )


def _cohorts(rows, names: Names) -> ReportResult:
    grouped = (
        rows.order_by()
        .values("cohort_id", "trainer_id", "hub_id")
        .annotate(
            enrolled=Count("person_id", distinct=True),
            people=Count("person_id", distinct=True, filter=TRAINED_ONLY),
        )
    )
    table = frame(grouped, ["cohort_id", "trainer_id", "hub_id", "enrolled", "people"])
    table["cohort"] = named(table["cohort_id"], names.cohorts(table["cohort_id"]))
    table["trainer"] = named(table["trainer_id"], names.people(table["trainer_id"]))
    table["hub"] = named(table["hub_id"], names.hubs(), _("Online"))
    return ReportResult(
        columns=[
            Column("cohort", _("Cohort"), "text"),
            Column("trainer", _("Trainer"), "text"),
            Column("hub", _("Training hub"), "text"),
            Column("enrolled", _("Enrolled")),
            Column("people", _("People trained")),
        ],
        frame=table.sort_values("cohort").reset_index(drop=True),
        chart=Chart("bar", "cohort", ["people"], _("People trained per cohort")),
        summary=[
            (_("Trainers"), rows.aggregate(n=Count("trainer_id", distinct=True))["n"]),
            (_("Cohorts delivered"), rows.aggregate(n=Count("cohort_id", distinct=True))["n"]),
            (_("People trained"), _people_trained(rows)),
        ],
    )


def cascade_by_governorate(*, filters: ReportFilters, scope: Scope) -> ReportResult:
    """Per governorate (of the people trained): trainers, cohorts, people and the multiplier."""
    table = _summarise("governorate_id", filters=filters, scope=scope)
    names = Names(scope=scope)
    table["governorate"] = named(table["governorate_id"], names.governorates())
    return ReportResult(
        columns=[
            Column("governorate", _("Governorate"), "text"),
            Column("trainers", _("Trainers")),
            Column("cohorts", _("Cohorts delivered")),
            Column("people", _("People trained")),
            Column("multiplier", _("Reach multiplier"), "num"),
        ],
        frame=table.sort_values("people", ascending=False).reset_index(drop=True),
        chart=Chart("bar", "governorate", ["multiplier"], _("Reach multiplier")),
        drill=Drill("governorate", "governorate", "governorate_id", report="cascade"),
    )
