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

TRAINED_ONLY = Q(status__in=TRAINED)


def _rows(*, filters: ReportFilters, scope: Scope):
    return records(filters=filters, scope=scope).filter(master_trainer_id__isnull=False)


def _summarise(rows, by: str) -> pd.DataFrame:
    grouped = (
        rows.exclude(**{f"{by}__isnull": True})
        .order_by()
        .values(by)
        .annotate(
            trainers=Count("trainer_id", distinct=True),
            cohorts=Count("cohort_id", distinct=True),
            people=Count("person_id", distinct=True, filter=TRAINED_ONLY),
        )
    )
    table = frame(grouped, [by, "trainers", "cohorts", "people"])
    table["multiplier"] = (table["people"] / table["trainers"].where(table["trainers"] > 0)).round(1)
    return table


def _people_trained(rows) -> int:
    return rows.filter(TRAINED_ONLY).aggregate(n=Count("person_id", distinct=True))["n"]


def cascade(*, filters: ReportFilters, scope: Scope) -> ReportResult:
    """One row per master trainer; drilled into one master trainer, one row per cohort."""
    rows = _rows(filters=filters, scope=scope)
    names = Names(scope=scope)
    if filters.master_trainer:
        return _cohorts(rows, names)
    table = _summarise(rows, "master_trainer_id")
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
            (_("People trained through the cascade"), _people_trained(rows)),
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
    table = _summarise(_rows(filters=filters, scope=scope), "governorate_id")
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
