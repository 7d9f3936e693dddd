"""What every report shares: the scoped, filtered fact-table rows; loading them into pandas;
names of the dimensions; and the shape a report returns (columns, a frame, a chart, drill links).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from django.db import connection
from django.db.models import Min, QuerySet
from django.utils import timezone
from django.utils.functional import Promise

from analytics.records.models import TrainingRecord
from analytics.reports.access import Scope
from analytics.reports.filters import ReportFilters
from courses import api as courses_api
from lms import api as lms_api

Status = TrainingRecord.Status
# Reach counts people who completed a course: "trained", in the director's words.
TRAINED = (Status.COMPLETED,)
# Enrolments that reached the cohort (a seat taken and the course begun).
STARTED = (Status.ACTIVE, Status.COMPLETED, Status.FAILED)


def records(*, filters: ReportFilters, scope: Scope) -> QuerySet[TrainingRecord]:
    """The fact-table rows the reader may see, then narrowed by the request's filters."""
    rows = TrainingRecord.objects.all()
    if scope.hub_ids is not None:
        rows = rows.filter(hub_id__in=sorted(scope.hub_ids))
    narrowing = {
        "starts_on__gte": filters.start,
        "starts_on__lte": filters.end,
        "programme_id": filters.programme,
        "course_id": filters.course,
        "governorate_id": filters.governorate,
        "organisation_id": filters.organisation,
        "hub_id": filters.hub,
        "gender": filters.gender or None,
        "master_trainer_id": filters.master_trainer,
        "cohort_id": filters.cohort,
    }
    return rows.filter(**{lookup: value for lookup, value in narrowing.items() if value is not None})


def frame(rows: QuerySet, columns: list[str]) -> pd.DataFrame:
    """The rows' columns as a DataFrame. Reports hand it rows already grouped by the database (a
    few thousand at most), so that a million records never cross into Python one by one."""
    return pd.DataFrame.from_records(list(rows.values_list(*columns)), columns=columns)


def first_completion_months(rows: QuerySet, by: tuple[str, ...] = ()) -> pd.DataFrame:
    """How many people first completed a course in each month (``month``, ``people``), within
    each group of ``by`` when given: each person's first completion found, then counted per
    month, both in the database."""
    inner = (
        rows.filter(completed_on__isnull=False)
        .order_by()
        .values(*by, "person_id")
        .annotate(first=Min("completed_on"))
    )
    sql, params = inner.query.sql_with_params()
    month = "to_char(first, 'YYYY-MM')" if connection.vendor == "postgresql" else "strftime('%%Y-%%m', first)"
    groups = "".join(f"{column}, " for column in by)
    with connection.cursor() as cursor:
        cursor.execute(
            # The inner query is the ORM's own, with its values as parameters; ``by`` names its
            # columns (the callers' constants); nothing of the request.
            f"SELECT {groups}{month} AS month, count(*) FROM ({sql}) AS firsts"  # noqa: S608
            f" GROUP BY {groups}{month} ORDER BY {groups}month",
            params,
        )
        return pd.DataFrame.from_records(cursor.fetchall(), columns=[*by, "month", "people"])


def pct(part: float, whole: float) -> float | None:
    return None if not whole else round(100 * part / whole, 1)


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    # text · int · pct · num · date
    kind: str = "int"


@dataclass(frozen=True)
class Drill:
    """Each row of a report links to the same or another report, filtered by one of its values."""

    column: str
    param: str
    id_column: str
    report: str = ""


@dataclass(frozen=True)
class Chart:
    # bar · line · map
    kind: str
    label_column: str
    value_columns: list[str]
    title: str | Promise = ""


@dataclass
class ReportResult:
    columns: list[Column]
    frame: pd.DataFrame
    chart: Chart | None = None
    drill: Drill | None = None
    summary: list[tuple[str | Promise, object]] = field(default_factory=list)

    def rows(self) -> list[dict]:
        """The frame as plain dictionaries (NaN as None), for templates and exports."""
        if self.frame.empty:
            return []
        cleaned = self.frame.astype(object).where(pd.notna(self.frame), None)
        return cleaned.to_dict("records")


@dataclass(frozen=True)
class ReportSpec:
    key: str
    title: str | Promise
    description: str | Promise
    build: Callable[..., ReportResult]


class Names:
    """Display names of the dimensions, loaded once per request; people only when allowed."""

    def __init__(self, *, scope: Scope) -> None:
        self.scope = scope
        self._cache: dict[str, dict[int, str]] = {}

    def _of(self, key: str, loader: Callable[[], dict[int, str]]) -> dict[int, str]:
        if key not in self._cache:
            self._cache[key] = loader()
        return self._cache[key]

    def governorates(self) -> dict[int, str]:
        return self._of("governorate", lambda: {g.id: g.name for g in lms_api.governorates()})

    def governorate_codes(self) -> dict[int, str]:
        return self._of("governorate_code", lambda: {g.id: g.code for g in lms_api.governorates()})

    def hubs(self) -> dict[int, str]:
        return self._of("hub", lambda: {h.id: h.name for h in lms_api.training_hubs(include_inactive=True)})

    def organisations(self) -> dict[int, str]:
        return self._of("organisation", lambda: {o.id: o.name for o in lms_api.organisations()})

    def courses(self) -> dict[int, str]:
        return self._of("course", courses_api.course_names)

    def programmes(self) -> dict[int, str]:
        return self._of("programme", courses_api.programme_names)

    def cohorts(self, ids) -> dict[int, str]:
        return courses_api.cohort_names(cohort_ids=[int(pk) for pk in ids])

    def people(self, ids) -> dict[int, str]:
        """Names when the reader may see personal data, otherwise a neutral numbered label."""
        ids = [int(pk) for pk in ids if pd.notna(pk)]
        if self.scope.personal_data:
            return lms_api.people_named(user_ids=ids)
        return {pk: f"#{pk}" for pk in ids}


def named(series: pd.Series, names: dict[int, str], missing: str | Promise = "—") -> pd.Series:
    return series.map(lambda pk: names.get(int(pk), str(pk)) if pd.notna(pk) else str(missing))


def today() -> datetime.date:
    return timezone.localdate()
