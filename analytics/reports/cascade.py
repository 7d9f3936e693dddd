"""The training-of-trainers cascade: each master trainer → the cohorts delivered under them (by
them or the trainers they trained) → the people trained; and the reach multiplier.

Reach multiplier = people trained ÷ trainers who delivered the cohorts (the master trainer counted
when they delivered one themselves): how many people each trainer of the cascade reached.
"""

import pandas as pd
from django.utils.translation import gettext_lazy as _

from analytics.reports.access import Scope
from analytics.reports.base import TRAINED, Chart, Column, Drill, Names, ReportResult, frame, named, records
from analytics.reports.filters import ReportFilters

COLUMNS = ["master_trainer_id", "trainer_id", "cohort_id", "person_id", "status", "governorate_id", "hub_id"]


def _load(*, filters: ReportFilters, scope: Scope) -> pd.DataFrame:
    data = frame(records(filters=filters, scope=scope).filter(master_trainer_id__isnull=False), COLUMNS)
    data["trained"] = data["status"].isin(TRAINED)
    return data


def _summarise(data: pd.DataFrame, by: str) -> pd.DataFrame:
    trained = data[data["trained"]]
    table = pd.DataFrame(
        {
            "trainers": data.groupby(by)["trainer_id"].nunique(),
            "cohorts": data.groupby(by)["cohort_id"].nunique(),
            "people": trained.groupby(by)["person_id"].nunique(),
        }
    ).fillna(0)
    table = table.astype(int).reset_index()
    table["multiplier"] = (table["people"] / table["trainers"].where(table["trainers"] > 0)).round(1)
    return table


def cascade(*, filters: ReportFilters, scope: Scope) -> ReportResult:
    """One row per master trainer; drilled into one master trainer, one row per cohort."""
    data = _load(filters=filters, scope=scope)
    names = Names(scope=scope)
    if filters.master_trainer:
        return _cohorts(data, names)
    table = _summarise(data, "master_trainer_id")
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
            (_("People trained through the cascade"), int(data.loc[data["trained"], "person_id"].nunique())),
        ],
    )


def _cohorts(data: pd.DataFrame, names: Names) -> ReportResult:
    table = (
        data.groupby(["cohort_id", "trainer_id", "hub_id"], dropna=False)
        .agg(enrolled=("person_id", "nunique"), people=("trained", "sum"))
        .reset_index()
    )
    table["people"] = table["people"].astype(int)
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
            (_("Trainers"), int(data["trainer_id"].nunique())),
            (_("Cohorts delivered"), int(data["cohort_id"].nunique())),
            (_("People trained"), int(data.loc[data["trained"], "person_id"].nunique())),
        ],
    )


def cascade_by_governorate(*, filters: ReportFilters, scope: Scope) -> ReportResult:
    """Per governorate (of the people trained): trainers, cohorts, people and the multiplier."""
    data = _load(filters=filters, scope=scope)
    table = _summarise(data, "governorate_id")
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
